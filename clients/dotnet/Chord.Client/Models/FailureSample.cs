namespace Chord.Client;

/// <summary>One failed task of a group: its chord, index, message and (while its chord's records are kept) stack trace.</summary>
public sealed record FailureSample(string ChordId, int Index, string Message, string? StackTrace);
