namespace Chord.Grains.Body;

/// <summary>A change of the body's state, reported by the body grain to its chord.</summary>
[GenerateSerializer, Immutable, Alias("chord.BodyReport")]
internal sealed record BodyReport(BodyStatus Status, int Attempts, string? Result, TaskError? Error);
