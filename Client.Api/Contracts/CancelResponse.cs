namespace Chord.Api.Contracts;

/// <summary>The answer to <c>POST /chords/{id}/cancel</c>: whether this call changed anything, why, and the snapshot.</summary>
public sealed record CancelResponse(bool Accepted, string Message, ChordResponse Chord);
