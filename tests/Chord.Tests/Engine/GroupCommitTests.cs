using Chord.Tests.Infrastructure;

namespace Chord.Tests.Engine;

/// <summary>Unit reports that arrive while the chord writes share its next write (group commit).</summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task HeavyTasksCostFarFewerChordWritesThanTasksOnASlowStore()
    {
        // 300 heavy tasks, one per unit, six at a time (3 silos, K = 2); every chord write takes 20 ms.
        const int n = 300;
        var id = ChordWaits.NewId("group-commit");
        var chordKey = $"chord/chord/{id}";
        var faults = new StorageFaults { DelayWrites = key => key == chordKey ? TimeSpan.FromMilliseconds(20) : TimeSpan.Zero };
        await using var cluster = await ChordTestCluster.StartAsync(3, new TestProbe(), faults: faults);
        var chord = cluster.Client.GetGrain<IChordGrain>(id);

        await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "sleep", Count = n, Args = """{"ms":0}""" }, Body = new TaskSpec("sum") });
        var final = await chord.FinalAsync(TimeSpan.FromSeconds(120));
        var chordWrites = faults.Writes[chordKey];

        Assert.Equal(ChordStatus.Succeeded, final.Status);
        Assert.Equal(((long)n * (n - 1) / 2).ToString(), final.Body.Result);
        Assert.True(chordWrites < n / 3, $"{chordWrites} chord writes for {n} heavy tasks (one each would be {n})");
    }
}
