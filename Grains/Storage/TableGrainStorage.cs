using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Orleans.Storage;

namespace Chord.Grains.Storage;

/// <summary>
/// Grain state in an Azure Table, one entity per grain, with states too large for an entity in a blob the entity
/// points to. The engine's states are small almost always (a chord's counters, a unit's records of a few tasks, a
/// body's result), and on Azurite a table write costs about a third of a blob upload (2,684 vs 818 a second on this
/// machine), so a small chord's dozen writes cost a third as much. The entity's ETag is the state's ETag: every
/// write and clear is conditional on it, a blob is written under a fresh name before the entity points to it and
/// deleted once it no longer does, so a stale writer can neither overwrite nor lose a newer state. Concurrent writes
/// of one partition go out as one transaction (<see cref="TableWriteBatcher"/>).
/// States are written with <paramref name="serializer"/> (the engine uses Orleans' binary serializer, which the
/// contract types' <c>[Id]</c>s and <c>[Alias]</c>es keep readable across releases, at a fraction of JSON's cost) and
/// say so in the entity (<c>F</c>). States written by the previous release (a JSON blob per grain, Orleans' blob
/// storage) are read with <paramref name="legacySerializer"/> where the table has none, and moved into the table by
/// their next write.
/// </summary>
internal sealed class TableGrainStorage(TableClient table, BlobContainerClient blobs, IGrainStorageSerializer serializer, IGrainStorageSerializer legacySerializer) : IGrainStorage
{
    /// <summary>A binary property holds at most 64 KiB; an entity at most 1 MiB with its keys and names.</summary>
    private const int ChunkBytes = 64 * 1024;

    /// <summary>Chunks an entity holds before the state goes to a blob (768 KiB, well inside the entity's limit).</summary>
    private const int MaxChunks = 12;

    /// <summary>Partitions per state name: enough to spread load on Azure, few enough that concurrent writes share
    /// one and go out together (<see cref="TableWriteBatcher"/>).</summary>
    private const int Buckets = 4;

    private const string LegacyPrefix = "legacy:";

    /// <summary>The entity's <c>F</c> when <c>serializer</c> wrote it (none: the legacy serializer's JSON).</summary>
    private const string CurrentFormat = "o";

    /// <summary>Pages of the container looked at, at start, for the previous release's blobs.</summary>
    private const int LegacyPagesLookedAt = 10;

    private readonly TableWriteBatcher _writes = new(table);

    /// <summary>The writes of this storage and the requests they took.</summary>
    public (long Writes, long Requests) Batching => (_writes.Writes, _writes.Requests);

    private readonly SemaphoreSlim _creating = new(1, 1);
    private volatile bool _created;
    private bool _legacyBlobs;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await EnsureCreatedAsync();
        var (partition, row) = Keys(stateName, grainId);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, row);
        if (found.HasValue && found.Value is { } entity)
        {
            var blob = entity.GetString("B");
            var data = blob is null ? Join(entity) : (await blobs.GetBlobClient(blob).DownloadContentAsync()).Value.Content;
            grainState.State = (entity.GetString("F") == CurrentFormat ? serializer : legacySerializer).Deserialize<T>(data);
            grainState.ETag = ComposeETag(entity.ETag.ToString(), blob);
            grainState.RecordExists = true;
            return;
        }

        // The previous release's blob: read it as it is; the next write moves it into the table. Only where that
        // release left any: a read that finds nothing would otherwise cost a second request for every new grain.
        if (!_legacyBlobs)
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        try
        {
            var legacy = (await blobs.GetBlobClient(LegacyBlobName(stateName, grainId)).DownloadContentAsync()).Value;
            grainState.State = legacySerializer.Deserialize<T>(legacy.Content);
            grainState.ETag = LegacyPrefix + legacy.Details.ETag;
            grainState.RecordExists = true;
        }
        catch (RequestFailedException missing) when (missing.Status == 404)
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await EnsureCreatedAsync();
        var (partition, row) = Keys(stateName, grainId);
        var data = serializer.Serialize(grainState.State).ToMemory();
        var (etag, oldBlob, legacy) = ParseETag(grainState.ETag);
        var entity = new TableEntity(partition, row) { ["F"] = CurrentFormat };
        string? blob = null;
        if (data.Length > ChunkBytes * MaxChunks)
        {
            blob = $"{stateName}-{grainId}-{Guid.NewGuid():N}.bin";
            await blobs.GetBlobClient(blob).UploadAsync(new BinaryData(data), overwrite: false);
            entity["B"] = blob;
        }
        else
        {
            Split(data, entity);
        }

        try
        {
            var action = etag is null
                ? new TableTransactionAction(TableTransactionActionType.Add, entity)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, new ETag(etag));
            var written = await _writes.WriteAsync(action, blob is null ? data.Length : 0);
            grainState.ETag = ComposeETag(written.ToString(), blob);
            grainState.RecordExists = true;
        }
        catch (RequestFailedException conflict) when (conflict.Status is 409 or 412 or 404)
        {
            await DeleteBlobQuietlyAsync(blob);
            throw new InconsistentStateException($"The stored {stateName} of {grainId} changed since it was read ({conflict.Status}).", "unknown", grainState.ETag ?? "none", conflict);
        }

        await DeleteBlobQuietlyAsync(oldBlob);
        if (legacy is not null)
        {
            await DeleteBlobQuietlyAsync(LegacyBlobName(stateName, grainId));
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await EnsureCreatedAsync();
        var (partition, row) = Keys(stateName, grainId);
        var (etag, oldBlob, legacy) = ParseETag(grainState.ETag);
        try
        {
            if (legacy is not null)
            {
                await blobs.GetBlobClient(LegacyBlobName(stateName, grainId)).DeleteIfExistsAsync(conditions: new BlobRequestConditions { IfMatch = new ETag(legacy) });
            }
            else if (etag is not null)
            {
                await table.DeleteEntityAsync(partition, row, new ETag(etag));
            }
        }
        catch (RequestFailedException conflict) when (conflict.Status is 412)
        {
            throw new InconsistentStateException($"The stored {stateName} of {grainId} changed since it was read.", "unknown", grainState.ETag ?? "none", conflict);
        }

        await DeleteBlobQuietlyAsync(oldBlob);
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <summary>The partition (state name and a stable hash bucket of the grain) and the row (the grain id, escaped).</summary>
    public static (string Partition, string Row) Keys(string stateName, GrainId grainId)
    {
        var id = grainId.ToString();
        return ($"{stateName}-{TableKeys.Bucket(id, Buckets):x2}", TableKeys.Escape(id));
    }

    /// <summary>Where Orleans' blob storage (the previous release) kept the state.</summary>
    private static string LegacyBlobName(string stateName, GrainId grainId) => $"{stateName}-{grainId}.json";

    private static string ComposeETag(string entityETag, string? blob) => blob is null ? entityETag : $"{entityETag}|{blob}";

    private static (string? ETag, string? Blob, string? Legacy) ParseETag(string? etag)
    {
        if (etag is null)
        {
            return (null, null, null);
        }

        if (etag.StartsWith(LegacyPrefix, StringComparison.Ordinal))
        {
            return (null, null, etag[LegacyPrefix.Length..]);
        }

        var bar = etag.IndexOf('|', StringComparison.Ordinal);
        return bar < 0 ? (etag, null, null) : (etag[..bar], etag[(bar + 1)..], null);
    }

    private static void Split(ReadOnlyMemory<byte> data, TableEntity entity)
    {
        var chunks = (data.Length + ChunkBytes - 1) / ChunkBytes;
        entity["N"] = chunks;
        for (var i = 0; i < chunks; i++)
        {
            entity[$"D{i}"] = data.Slice(i * ChunkBytes, Math.Min(ChunkBytes, data.Length - (i * ChunkBytes))).ToArray();
        }
    }

    private static BinaryData Join(TableEntity entity)
    {
        var chunks = entity.GetInt32("N") ?? 0;
        if (chunks == 1)
        {
            return new BinaryData(entity.GetBinary("D0"));
        }

        using var joined = new MemoryStream();
        for (var i = 0; i < chunks; i++)
        {
            joined.Write(entity.GetBinary($"D{i}"));
        }

        return new BinaryData(joined.ToArray());
    }

    /// <summary>
    /// Whether the container holds states of the previous release (<c>.json</c> blobs; this storage names its own
    /// <c>.bin</c>). Looked up once per silo start: an upgrade from that release stops the whole cluster first.
    /// </summary>
    private async Task<bool> AnyLegacyBlobAsync()
    {
        var pages = 0;
        await foreach (var page in blobs.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix: null, CancellationToken.None).AsPages(pageSizeHint: 5000))
        {
            if (page.Values.Any(blob => blob.Name.EndsWith(".json", StringComparison.Ordinal)))
            {
                return true;
            }

            if (++pages >= LegacyPagesLookedAt)
            {
                return true; // too many to be sure: look, as before
            }
        }

        return false;
    }

    private async Task DeleteBlobQuietlyAsync(string? blob)
    {
        if (blob is null)
        {
            return;
        }

        try
        {
            await blobs.GetBlobClient(blob).DeleteIfExistsAsync();
        }
        catch (RequestFailedException)
        {
            // Left behind: it holds no state any entity points to, and the container's lifetime is the chords'.
        }
    }

    private async Task EnsureCreatedAsync()
    {
        if (_created)
        {
            return;
        }

        await _creating.WaitAsync();
        try
        {
            if (!_created)
            {
                await table.CreateIfNotExistsAsync();
                await blobs.CreateIfNotExistsAsync();
                _legacyBlobs = await AnyLegacyBlobAsync();
                _created = true;
            }
        }
        finally
        {
            _creating.Release();
        }
    }
}
