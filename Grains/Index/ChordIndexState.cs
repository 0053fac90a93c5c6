namespace Chord.Grains.Index;

/// <summary>The recent chords, newest first, at most <see cref="ChordEngineOptions.RecentChords"/>.</summary>
[GenerateSerializer, Alias("chord.ChordIndexState")]
internal sealed class ChordIndexState
{
    [Id(0)] public List<ChordIndexEntry> Entries { get; set; } = [];
}
