using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Chord.Grains.Storage;
using Chord.Tests.Infrastructure;
using Orleans.Storage;

namespace Chord.Tests.Durability;

/// <summary>
/// The table-first grain storage on a real Azurite: small states in an entity, large ones in a blob the entity
/// points to, every write and clear conditional on the ETag, and states of the previous release (a blob per grain)
/// read and moved into the table by their next write.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableGrainStorageTests(AzuriteFixture fixture)
{
    private const string StateName = "probe";

    [Fact]
    public async Task ASmallStateLivesInTheTableAndAStaleWriteIsRefused()
    {
        var (storage, table, blobs) = await CreateAsync();
        var grain = GrainId.Create("task", $"small/{Guid.NewGuid():N}/0");
        var state = new GrainState<Probe> { State = new Probe("first", 1) };
        await storage.WriteStateAsync(StateName, grain, state);
        var stale = new GrainState<Probe> { State = state.State, ETag = state.ETag };

        state.State = new Probe("second", 2);
        await storage.WriteStateAsync(StateName, grain, state);
        var read = new GrainState<Probe>();
        await storage.ReadStateAsync(StateName, grain, read);

        Assert.Equal(new Probe("second", 2), read.State);
        Assert.True(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        stale.State = new Probe("stale", 3);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, stale));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, grain, stale));
        var (partition, row) = TableGrainStorage.Keys(StateName, grain);
        Assert.True((await table.GetEntityIfExistsAsync<TableEntity>(partition, row)).HasValue);
        Assert.Empty(await BlobsAsync(blobs, grain));

        await storage.ClearStateAsync(StateName, grain, read);
        var cleared = new GrainState<Probe>();
        await storage.ReadStateAsync(StateName, grain, cleared);
        Assert.False(cleared.RecordExists);
        Assert.Null(cleared.ETag);
    }

    [Fact]
    public async Task ALargeStateGoesToABlobThatIsReplacedAndClearedWithIt()
    {
        var (storage, _, blobs) = await CreateAsync();
        var grain = GrainId.Create("task", $"large/{Guid.NewGuid():N}/0");
        var big = new string('r', 1_000_000);
        var state = new GrainState<Probe> { State = new Probe(big, 1) };

        await storage.WriteStateAsync(StateName, grain, state);
        var first = await BlobsAsync(blobs, grain);
        state.State = new Probe(big + "!", 2);
        await storage.WriteStateAsync(StateName, grain, state);
        var second = await BlobsAsync(blobs, grain);
        var read = new GrainState<Probe>();
        await storage.ReadStateAsync(StateName, grain, read);

        Assert.Single(first);
        Assert.Single(second);
        Assert.NotEqual(first[0], second[0]); // a new blob under a new name, the old one gone
        Assert.Equal(new Probe(big + "!", 2), read.State);

        await storage.ClearStateAsync(StateName, grain, read);
        Assert.Empty(await BlobsAsync(blobs, grain));
    }

    [Fact]
    public async Task AStateThePreviousReleaseWroteReadsAndMovesIntoTheTableOnItsNextWrite()
    {
        var (storage, table, blobs) = await CreateAsync();
        var grain = GrainId.Create("task", $"legacy/{Guid.NewGuid():N}/0");
        var legacyName = $"{StateName}-{grain}.json";
        await blobs.GetBlobClient(legacyName).UploadAsync(new JsonStorageSerializer().Serialize(new Probe("old", 7)));

        var read = new GrainState<Probe>();
        await storage.ReadStateAsync(StateName, grain, read);
        Assert.Equal(new Probe("old", 7), read.State);
        Assert.True(read.RecordExists);

        read.State = read.State! with { Count = 8 };
        await storage.WriteStateAsync(StateName, grain, read);
        var again = new GrainState<Probe>();
        await storage.ReadStateAsync(StateName, grain, again);

        Assert.Equal(new Probe("old", 8), again.State);
        Assert.False(await blobs.GetBlobClient(legacyName).ExistsAsync());
        var (partition, row) = TableGrainStorage.Keys(StateName, grain);
        Assert.True((await table.GetEntityIfExistsAsync<TableEntity>(partition, row)).HasValue);
    }

    [Fact]
    public async Task ConcurrentWritesOfOnePartitionGoOutTogetherAndAStaleOneFailsAlone()
    {
        var (storage, _, _) = await CreateAsync();
        var grains = Enumerable.Range(0, 400).Select(i => GrainId.Create("task", $"batch/{Guid.NewGuid():N}/{i}"))
            .GroupBy(g => TableGrainStorage.Keys(StateName, g).Partition).First().Take(40).ToArray();
        var states = grains.Select(g => new GrainState<Probe> { State = new Probe(g.ToString(), 1) }).ToArray();
        await Task.WhenAll(grains.Select((g, i) => storage.WriteStateAsync(StateName, g, states[i])));
        var stale = new GrainState<Probe> { State = new Probe("stale", 0), ETag = states[7].ETag };
        await storage.WriteStateAsync(StateName, grains[7], states[7]);

        var before = storage.Batching;
        var writes = grains.Select((g, i) => i == 7
            ? storage.WriteStateAsync(StateName, g, stale)
            : storage.WriteStateAsync(StateName, g, new GrainState<Probe> { State = new Probe(g.ToString(), 2), ETag = states[i].ETag })).ToArray();
        await Assert.ThrowsAsync<InconsistentStateException>(() => writes[7]);
        await Task.WhenAll(writes.Where((_, i) => i != 7));
        var after = storage.Batching;

        Assert.Equal(grains.Length, after.Writes - before.Writes);
        Assert.True(after.Requests - before.Requests < grains.Length / 2, $"{after.Requests - before.Requests} requests for {grains.Length} writes");
        for (var i = 0; i < grains.Length; i++)
        {
            var read = new GrainState<Probe>();
            await storage.ReadStateAsync(StateName, grains[i], read);
            Assert.Equal(i == 7 ? new Probe(grains[i].ToString(), 1) : new Probe(grains[i].ToString(), 2), read.State);
        }
    }

    private async Task<(TableGrainStorage Storage, TableClient Table, BlobContainerClient Blobs)> CreateAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var table = new TableServiceClient(fixture.Azurite.ConnectionString).GetTableClient($"StorageTest{suffix}");
        var blobs = new BlobServiceClient(fixture.Azurite.ConnectionString).GetBlobContainerClient($"storage-test-{suffix}");
        await blobs.CreateIfNotExistsAsync();
        return (new TableGrainStorage(table, blobs, new JsonStorageSerializer(), new JsonStorageSerializer()), table, blobs);
    }

    private static async Task<List<string>> BlobsAsync(BlobContainerClient blobs, GrainId grain)
    {
        var names = new List<string>();
        await foreach (var blob in blobs.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"{StateName}-{grain}-", CancellationToken.None))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    public sealed record Probe(string Text, int Count);

    private sealed class JsonStorageSerializer : IGrainStorageSerializer
    {
        public BinaryData Serialize<T>(T? input) => BinaryData.FromObjectAsJson(input);

        public T Deserialize<T>(BinaryData input) => input.ToObjectFromJson<T>()!;
    }
}
