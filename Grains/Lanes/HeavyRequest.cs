namespace Chord.Grains.Lanes;

/// <summary>
/// One heavy task asking for a permit: its chord, the chord's key (none: the chord is a key of its own) and
/// <c>keyLimit</c>, its handler (for the handler's limit) and the chord's priority.
/// </summary>
internal sealed record HeavyRequest(string ChordId, string? Key, int? KeyLimit, string? Handler, ChordPriority Priority);
