namespace Chord.Api.Contracts;

/// <summary>The recent chords, newest first (<c>GET /chords</c>).</summary>
public sealed record ChordListResponse(ChordResponse[] Items);
