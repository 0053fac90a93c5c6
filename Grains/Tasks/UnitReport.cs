namespace Chord.Grains.Tasks;

/// <summary>
/// A unit's completion as reported to its chord: counts, the first failure if any, and, when the body is a
/// combiner, the unit's partial aggregate (JSON). The records stay with the unit; the report's size does not grow
/// with the results.
/// </summary>
[GenerateSerializer, Immutable, Alias("chord.UnitReport")]
internal sealed record UnitReport(int UnitIndex, int Succeeded, int Failed, int Cancelled, TaskFailure? FirstFailure, string? Partial = null);
