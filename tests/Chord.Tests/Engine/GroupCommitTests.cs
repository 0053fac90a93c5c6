using Chord.Grains.Tasks;
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

    [Fact]
    public async Task ADuplicateReportIsAcknowledgedOnlyOnceItsOriginalIsWritten()
    {
        var id = ChordWaits.NewId("duplicate-report");
        var chordKey = $"chord/chord/{id}";
        var slow = 0;
        var slowWriteBegan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var faults = new StorageFaults
        {
            DelayWrites = key =>
            {
                if (key != chordKey || Interlocked.Exchange(ref slow, 0) == 0)
                {
                    return TimeSpan.Zero; // only the first write after the gate opens is slow (within the 2 s response timeout)
                }

                slowWriteBegan.TrySetResult();
                return TimeSpan.FromSeconds(1);
            },
        };
        var probe = new TestProbe();
        await using var cluster = await ChordTestCluster.StartAsync(1, probe, faults: faults);
        var chord = cluster.Client.GetGrain<IChordGrain>(id);
        await chord.SubmitAsync(new ChordSpec { Tasks = [new TaskSpec("gate"), new TaskSpec("gate")], Body = new TaskSpec("count"), Options = new ChordOptions { MaxConcurrency = 2 } });
        Assert.True(probe.GateReached.Wait(TimeSpan.FromSeconds(10)));

        // The unit's report is decided at once and the write that holds it takes 1 s; a copy arrives meanwhile.
        var writesBefore = faults.Writes.GetValueOrDefault(chordKey);
        Volatile.Write(ref slow, 1);
        probe.Gate.Set();
        await slowWriteBegan.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var copy = new UnitReport(0, 2, 0, 0, null, Partial: "2");
        await cluster.Client.GetGrain<IUnitOwnerGrain>(id).OnUnitCompletedAsync(copy);
        var writesWhenAcknowledged = faults.Writes.GetValueOrDefault(chordKey);
        Volatile.Write(ref slow, 0);
        var final = await chord.FinalAsync(TimeSpan.FromSeconds(30));

        Assert.True(writesWhenAcknowledged > writesBefore, "the copy was acknowledged before its original was written");
        Assert.Equal(new TaskCounts(2, 0, 0, 2, 0, 0), final.Tasks); // counted once
        Assert.Equal("2", final.Body.Result);
    }
}
