using Microsoft.Extensions.Options;

namespace Chord.Grains.Index;

/// <summary>
/// The index as clients see it (key 0): it asks every shard (<see cref="ChordIndexShards"/>) and merges their
/// answers newest first. A stateless worker, so listings are answered on the silo they reach and nothing queues
/// behind one grain.
/// </summary>
[StatelessWorker]
internal sealed class ChordIndexGrain(IOptions<ChordEngineOptions> options) : Grain, IChordIndexGrain
{
    public Task RecordAsync(ChordIndexEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return GrainFactory.ShardOf(entry.Id).RecordAsync(new ChordIndexRow(entry.Id, entry.CreatedAt, entry.Status, entry.Version));
    }

    public Task<ChordIndexEntry[]> ListAsync(ChordStatus? status, int limit) => ListPageAsync(status, limit, after: null);

    public Task<ChordIndexEntry[]> ListPageAsync(ChordStatus? status, int limit, ChordListCursor? after) =>
        SearchAsync(new ChordIndexQuery { Status = status }, limit, after);

    public async Task<FailureSummary[]> FailuresAsync(FailureQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var shards = await Task.WhenAll(Enumerable.Range(0, ChordIndexShards.Count)
            .Select(shard => GrainFactory.GetGrain<IChordIndexShardGrain>(shard).FailuresAsync(query)));
        return FailureSummary.Merge(shards.SelectMany(parts => parts));
    }

    public async Task<ChordIndexEntry[]> SearchAsync(ChordIndexQuery query, int limit, ChordListCursor? after)
    {
        ArgumentNullException.ThrowIfNull(query);
        limit = Math.Clamp(limit, 0, options.Value.RecentChords);
        var shards = await Task.WhenAll(Enumerable.Range(0, ChordIndexShards.Count)
            .Select(shard => GrainFactory.GetGrain<IChordIndexShardGrain>(shard).SearchAsync(query, limit, after)));
        return [.. shards.SelectMany(entries => entries)
            .OrderByDescending(e => e.CreatedAt)
            .ThenBy(e => e.Id, StringComparer.Ordinal)
            .Take(limit)];
    }
}
