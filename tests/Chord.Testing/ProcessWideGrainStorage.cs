using Microsoft.Extensions.DependencyInjection;
using System.Collections.Concurrent;
using Orleans.Serialization;
using Orleans.Storage;

namespace Chord.Testing;

/// <summary>
/// Grain storage that outlives any one silo of an in-process cluster, with ETag checks like a real store.
/// It stands in for durable storage where a test kills a silo (Orleans' memory storage keeps state inside
/// silos, so a kill loses some of it); real storage is tested against Azurite.
/// </summary>
public sealed class ProcessWideGrainStorage(ConcurrentDictionary<string, (object State, string ETag)> store, DeepCopier copier, StorageFaults? faults = null) : IGrainStorage
{
    /// <summary>Makes <paramref name="store"/> the engine's grain storage (both of its storage names) on one silo.</summary>
    public static void AddTo(IServiceCollection services, ConcurrentDictionary<string, (object State, string ETag)> store, StorageFaults? faults = null)
    {
        foreach (var name in new[] { Chord.Grains.Storage.StorageNames.Chords, Chord.Grains.Storage.StorageNames.Results })
        {
            services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new ProcessWideGrainStorage(store, sp.GetRequiredService<DeepCopier>(), faults));
        }
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        faults?.Read(Key(stateName, grainId));
        if (store.TryGetValue(Key(stateName, grainId), out var entry))
        {
            grainState.State = copier.Copy((T)entry.State);
            grainState.ETag = entry.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = Key(stateName, grainId);
        faults?.ThrowIfFailing(key, state: grainState.State);
        if (faults is not null)
        {
            await faults.DelayAsync(key, grainState.State);
        }

        var etag = Guid.NewGuid().ToString("N");
        var copy = copier.Copy(grainState.State)!;
        var written = grainState.ETag is null
            ? store.TryAdd(key, (copy, etag))
            : store.TryGetValue(key, out var current) && current.ETag == grainState.ETag && store.TryUpdate(key, (copy, etag), current);
        if (!written)
        {
            throw new InconsistentStateException($"ETag mismatch writing {key}.");
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
        faults?.Written(key);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = Key(stateName, grainId);
        faults?.ThrowIfFailing(key, clearing: true);
        store.TryRemove(key, out _);
        faults?.Cleared(key);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private static string Key(string stateName, GrainId grainId) => $"{stateName}/{grainId}";
}
