namespace Chord.Grains.Lanes;

/// <summary>One succeeded task's result as a body's call carries it: the task's index and its raw JSON.</summary>
[GenerateSerializer, Immutable, Alias("chord.IndexedResult")]
internal sealed record IndexedResult(int Index, string? Json);
