namespace Chord.Grains.Body;

/// <summary>A change of the body's state, reported by the body grain to its chord, for the chord's redrive <paramref name="Generation"/>.</summary>
[GenerateSerializer, Immutable, Alias("chord.BodyReport")]
internal sealed record BodyReport(BodyStatus Status, int Attempts, string? Result, TaskError? Error, int Generation = 0);
