namespace Chord;

/// <summary>A failed task of a chord: which one and why.</summary>
[GenerateSerializer, Immutable, Alias("chord.TaskFailure")]
public sealed record TaskFailure(int Index, string Handler, TaskError Error);
