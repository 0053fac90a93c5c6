namespace Chord.Client;

/// <summary>A failed task in a snapshot's first failures.</summary>
public sealed record TaskFailureInfo(int Index, string Handler, TaskErrorInfo Error);
