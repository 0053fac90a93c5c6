namespace Chord.Grains.Index;

/// <summary>Where the index shards keep their rows: an Azure Table with a row per chord, or the engine's grain storage.</summary>
internal interface IChordIndexStore
{
    /// <summary>Every row of the shard.</summary>
    Task<List<ChordIndexRow>> LoadAsync(int shard);

    /// <summary>
    /// Stores the rows of <paramref name="changed"/> ids as they are in <paramref name="rows"/> (an id missing there
    /// is deleted). A store that keeps a shard whole stores all of <paramref name="rows"/>.
    /// </summary>
    Task WriteAsync(int shard, IReadOnlyDictionary<string, ChordIndexRow> rows, IReadOnlyCollection<string> changed);
}
