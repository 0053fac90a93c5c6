using Chord.Grains.Storage;

namespace Chord.Grains.Index;

/// <summary>How chords are spread over the index's shards: by a stable hash of the id, so no one grain is in every submit's path.</summary>
internal static class ChordIndexShards
{
    /// <summary>Shards of the index. Part of the stored format: rows are found by it.</summary>
    public const int Count = 8;

    public static int Of(string chordId) => TableKeys.Bucket(chordId, Count);

    public static IChordIndexShardGrain ShardOf(this IGrainFactory grains, string chordId) => grains.GetGrain<IChordIndexShardGrain>(Of(chordId));
}
