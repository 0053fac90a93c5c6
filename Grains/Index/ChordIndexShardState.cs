namespace Chord.Grains.Index;

/// <summary>One shard's rows, stored whole (<see cref="GrainStorageChordIndexStore"/>: memory storage and the tests' stores).</summary>
[GenerateSerializer, Alias("chord.ChordIndexShardState")]
internal sealed class ChordIndexShardState
{
    [Id(0)] public List<ChordIndexRow> Rows { get; set; } = [];
}
