using Chord.Tests.Infrastructure;

namespace Chord.Tests.Engine;

/// <summary>
/// A chord's index row is what wakes it after a crash, so a submit needs it: while the index cannot store rows a
/// submit fails and leaves nothing behind, and the same submit succeeds once it can.
/// </summary>
public sealed class IndexFailoverTests
{
    [Fact]
    public async Task ASubmitFailsCleanlyWhileTheIndexCannotStoreItsRowAndSucceedsAfterwards()
    {
        // Every write of the index fails (its storage is out).
        var faults = new StorageFaults { FailWrites = key => key.StartsWith("index/", StringComparison.Ordinal) };
        await using var cluster = await ChordTestCluster.StartAsync(1, new TestProbe(), faults: faults);
        var id = ChordWaits.NewId("index-down");
        var chord = cluster.Client.GetGrain<IChordGrain>(id);
        var spec = new ChordSpec { Map = new MapSpec { Handler = "noop", Count = 50 }, Body = new TaskSpec("sum") };

        await Assert.ThrowsAnyAsync<Exception>(() => chord.SubmitAsync(spec));
        var failedWrites = faults.FailedWrites;
        var afterFailure = await chord.GetProgressAsync();
        faults.FailWrites = null;
        var submitted = await chord.SubmitAsync(spec);
        var final = await chord.FinalAsync(TimeSpan.FromSeconds(60));

        // The chord tells its shard about its final status after the commit that made it final.
        var index = cluster.Client.GetGrain<IChordIndexGrain>(0);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        ChordIndexEntry? listed = null;
        while (listed?.Status is not ChordStatus.Succeeded && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            listed = (await index.ListAsync(null, 1_000)).FirstOrDefault(e => e.Id == id);
        }

        Assert.True(failedWrites > 0, "the index never failed a write: the fault did not hit the submit");
        Assert.Null(afterFailure); // nothing half-created
        Assert.True(submitted.Created);
        Assert.Equal(ChordStatus.Succeeded, final.Status);
        Assert.Equal(ChordStatus.Succeeded, listed?.Status);
    }
}
