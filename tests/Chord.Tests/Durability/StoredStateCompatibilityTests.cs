using Azure.Storage.Blobs;
using Chord.Grains.Tasks;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Durability;

/// <summary>
/// State that the first release wrote to Azure Storage still reads after the engine's types moved. The blobs under
/// <c>Fixtures/StoredState/v1</c> were written by that release (a 300-task chord that succeeded, a 3-task chord that
/// failed, their units, the body and the index) and are loaded into a fresh Azurite as they were stored (its own:
/// where an entity of the table-first storage exists, such as the index another test wrote, it wins over a blob).
/// </summary>
public sealed class StoredStateCompatibilityTests
{
    private const string Succeeded = "stored-v1-succeeded";
    private const string Failed = "stored-v1-failed";

    [Fact]
    public async Task StateWrittenByTheFirstReleaseStillReads()
    {
        await using var azurite = await Chord.Testing.Azurite.StartAsync();
        await UploadAsync(azurite.ConnectionString, Path.Combine(AppContext.BaseDirectory, "Fixtures", "StoredState", "v1"));
        // The fixtures finished on 2026-11-28: keep them readable (ChordRetention would delete them a week later).
        await using var cluster = await ChordTestCluster.StartAsync(1, new TestProbe(), engine: o => o.ChordRetention = TimeSpan.FromDays(3650), azureStorage: azurite.ConnectionString);
        var grains = cluster.Client;

        // Unit records first: reading the chord would schedule their purge (their retention is long past).
        var records = new List<TaskRecord>();
        for (var unit = 0; unit < 3; unit++)
        {
            records.AddRange(await grains.GetGrain<ITaskGrain>(UnitKey.Of(Succeeded, unit)).ReadRecordsAsync(0, int.MaxValue));
        }

        var failedRecords = await grains.GetGrain<ITaskGrain>(UnitKey.Of(Failed, 0)).ReadRecordsAsync(0, int.MaxValue);
        var succeeded = await grains.GetGrain<IChordGrain>(Succeeded).GetProgressAsync();
        var failed = await grains.GetGrain<IChordGrain>(Failed).GetProgressAsync();
        var listed = await grains.GetGrain<IChordIndexGrain>(0).ListAsync(null, 10);

        Assert.Equal(Enumerable.Range(0, 300), records.Select(r => r.Index));
        Assert.All(records, r => Assert.Equal((TaskOutcome.Succeeded, 1, r.Index.ToString()), (r.State, r.Attempts, r.Result)));
        Assert.Equal([TaskOutcome.Succeeded, TaskOutcome.Failed, TaskOutcome.Succeeded], failedRecords.Select(r => r.State));
        Assert.Equal(("InvalidOperationException", 2), (failedRecords[1].Error!.Type, failedRecords[1].Error!.Attempts));

        Assert.NotNull(succeeded);
        Assert.Equal((ChordStatus.Succeeded, 6L, "44850"), (succeeded.Status, succeeded.Version, succeeded.Body.Result));
        Assert.Equal(new TaskCounts(300, 0, 0, 300, 0, 0), succeeded.Tasks);
        Assert.NotNull(failed);
        Assert.Equal((ChordStatus.Failed, BodyStatus.Failure, "ChordError"), (failed.Status, failed.Body.Status, failed.Body.Error!.Type));
        Assert.Equal(1, Assert.Single(failed.Failures).Index);
        Assert.Equal([Failed, Succeeded], listed.Select(e => e.Id));
    }

    /// <summary>Puts every fixture blob back under its stored name (file names are the escaped blob names).</summary>
    private static async Task UploadAsync(string connectionString, string root)
    {
        var blobs = new BlobServiceClient(connectionString);
        foreach (var folder in Directory.GetDirectories(root))
        {
            var container = blobs.GetBlobContainerClient(Path.GetFileName(folder));
            await container.CreateIfNotExistsAsync();
            foreach (var file in Directory.GetFiles(folder))
            {
                await container.GetBlobClient(Uri.UnescapeDataString(Path.GetFileName(file))).UploadAsync(file, overwrite: true);
            }
        }
    }
}
