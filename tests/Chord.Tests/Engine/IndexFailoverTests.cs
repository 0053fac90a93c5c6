using Chord.Tests.Infrastructure;

namespace Chord.Tests.Engine;

/// <summary>Submits do not depend on the index of recent chords: while it fails they go on, and it catches up.</summary>
public sealed class IndexFailoverTests
{
    [Fact]
    public async Task ASubmitSucceedsWhileTheIndexFailsAndTheIndexCatchesUpAfterwards()
    {
        // Every write of the index fails (its storage is out), so each call to record a chord throws.
        var faults = new StorageFaults { FailWrites = key => key.StartsWith("index/", StringComparison.Ordinal) };
        await using var cluster = await ChordTestCluster.StartAsync(1, new TestProbe(), faults: faults);
        var id = ChordWaits.NewId("index-down");
        var chord = cluster.Client.GetGrain<IChordGrain>(id);

        var submitted = await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "noop", Count = 50 }, Body = new TaskSpec("sum") });
        var final = await chord.FinalAsync(TimeSpan.FromSeconds(60));
        var failedWhileRunning = faults.FailedWrites;
        faults.FailWrites = null;

        // The chord tells the index again a probe interval after each failure, so the index gets its final status.
        var index = cluster.Client.GetGrain<IChordIndexGrain>(0);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        ChordIndexEntry? listed = null;
        while (listed?.Status is not ChordStatus.Succeeded && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            listed = (await index.ListAsync(null, 1_000)).FirstOrDefault(e => e.Id == id);
        }

        Assert.True(submitted.Created);
        Assert.Equal(ChordStatus.Succeeded, final.Status);
        Assert.True(failedWhileRunning > 0, "the index never failed a write: the fault did not hit the submit");
        Assert.Equal(ChordStatus.Succeeded, listed?.Status);
    }
}
