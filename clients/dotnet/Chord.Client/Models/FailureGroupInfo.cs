namespace Chord.Client;

/// <summary>Failed tasks of one handler and error type: how many, in how many chords, the latest chords and a sample.</summary>
public sealed record FailureGroupInfo(string Handler, string ErrorType, long Count, int Chords, ChordListEntry[] Latest, FailureSample? Sample);
