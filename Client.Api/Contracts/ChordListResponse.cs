namespace Chord.Api.Contracts;

/// <summary>A page of chords, newest first (<c>GET /chords</c>); <c>next</c> is the <c>cursor</c> of the following page, null on the last.</summary>
public sealed record ChordListResponse(ChordResponse[] Items, string? Next);
