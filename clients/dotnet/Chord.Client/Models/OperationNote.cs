namespace Chord.Client;

/// <summary>A chord an operation skipped or failed on: a reason code (e.g. <c>running</c>, <c>succeeded</c>, <c>not-found</c>) and what happened.</summary>
public sealed record OperationNote(string ChordId, string Reason, string Message);
