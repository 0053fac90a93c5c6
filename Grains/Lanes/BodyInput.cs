namespace Chord.Grains.Lanes;

/// <summary>
/// Where a body's input is and how it is laid out, so the lane running the body can stream the results from the
/// task units: a few numbers and the combined partial, never the results themselves.
/// </summary>
/// <param name="UnitCount">Units of the chord, read in order.</param>
/// <param name="UnitSize">Tasks per unit (the last may hold fewer).</param>
/// <param name="Total">Tasks in the chord.</param>
/// <param name="Succeeded">Tasks that succeeded.</param>
/// <param name="Combined">The merged partials as JSON, when the body is a combiner.</param>
/// <param name="Failed">Tasks that failed (within the chord's tolerance, or the body would not run).</param>
[GenerateSerializer, Immutable, Alias("chord.BodyInput")]
internal sealed record BodyInput(int UnitCount, int UnitSize, int Total, int Succeeded, string? Combined, int Failed = 0);
