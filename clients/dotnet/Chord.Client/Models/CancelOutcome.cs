namespace Chord.Client;

/// <summary>What a cancel did: whether it changed anything (false once the chord had finished), why, and the snapshot.</summary>
public sealed record CancelOutcome(bool Accepted, string Message, ChordSnapshot Chord);
