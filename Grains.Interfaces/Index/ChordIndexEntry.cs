namespace Chord;

/// <summary>One chord in the index of recent chords: its id, when it was accepted, and its last known status.</summary>
[GenerateSerializer, Immutable, Alias("chord.ChordIndexEntry")]
public sealed record ChordIndexEntry([property: Id(0)] string Id, [property: Id(1)] DateTimeOffset CreatedAt, [property: Id(2)] ChordStatus Status);
