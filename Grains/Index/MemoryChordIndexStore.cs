namespace Chord.Grains.Index;

/// <summary>
/// With memory storage nothing is durable, so the shards keep their rows in their own memory only: a shard that
/// moves starts empty, and its chords record themselves again at their next change or activation. Writing the
/// shard whole to memory storage instead would cost each commit time in proportion to every chord retained.
/// </summary>
internal sealed class MemoryChordIndexStore : IChordIndexStore
{
    public Task<List<ChordIndexRow>> LoadAsync(int shard) => Task.FromResult(new List<ChordIndexRow>());

    public Task WriteAsync(int shard, IReadOnlyDictionary<string, ChordIndexRow> rows, IReadOnlyCollection<string> changed) => Task.CompletedTask;
}
