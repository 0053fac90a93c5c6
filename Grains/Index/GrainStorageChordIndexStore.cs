using System.Collections.Concurrent;
using Chord.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Chord.Grains.Index;

/// <summary>
/// The index in the engine's grain storage, a shard as one state. Every write stores the whole shard, which memory
/// storage (nothing durable) and the tests' stores afford; on Azure each chord has its own row (<see cref="TableChordIndexStore"/>).
/// </summary>
internal sealed class GrainStorageChordIndexStore([FromKeyedServices(StorageNames.Chords)] IGrainStorage storage) : IChordIndexStore
{
    private const string StateName = "index";
    private static readonly GrainType ShardType = GrainType.Create("chord-index-shard");
    private readonly ConcurrentDictionary<int, string?> _etags = new();

    public async Task<List<ChordIndexRow>> LoadAsync(int shard)
    {
        var state = await ReadAsync(shard);
        return state.State?.Rows ?? [];
    }

    public async Task WriteAsync(int shard, IReadOnlyDictionary<string, ChordIndexRow> rows, IReadOnlyCollection<string> changed)
    {
        var state = new GrainState<ChordIndexShardState>(new ChordIndexShardState { Rows = [.. rows.Values] }) { ETag = _etags.GetValueOrDefault(shard) };
        try
        {
            await storage.WriteStateAsync(StateName, Id(shard), state);
        }
        catch (InconsistentStateException)
        {
            // Another activation of the shard wrote meanwhile (a failover): this one's rows are the newer.
            state.ETag = (await ReadAsync(shard)).ETag;
            await storage.WriteStateAsync(StateName, Id(shard), state);
        }

        _etags[shard] = state.ETag;
    }

    private async Task<GrainState<ChordIndexShardState>> ReadAsync(int shard)
    {
        var state = new GrainState<ChordIndexShardState>(new ChordIndexShardState());
        await storage.ReadStateAsync(StateName, Id(shard), state);
        _etags[shard] = state.ETag;
        return state;
    }

    private static GrainId Id(int shard) => GrainId.Create(ShardType, IdSpan.Create(shard.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
