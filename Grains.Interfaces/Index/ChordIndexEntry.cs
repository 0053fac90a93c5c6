namespace Chord;

/// <summary>
/// One chord in the index of recent chords: its id, when it was accepted, its last known status, and the chord's
/// version when it had that status (so an update that arrives late cannot overwrite a newer one).
/// </summary>
[GenerateSerializer, Immutable, Alias("chord.ChordIndexEntry")]
public sealed record ChordIndexEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset CreatedAt,
    [property: Id(2)] ChordStatus Status,
    [property: Id(3)] long Version = 0);
