using Chord.Tests.Infrastructure;

namespace Chord.Tests.Engine;

/// <summary>
/// The heavy lane serves higher priorities first and chords of one priority in turn, one task each: a small chord
/// submitted behind a big one does not wait for the big one's queue.
/// </summary>
public sealed class HeavyLaneOrderTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private static ChordSpec Sleeps(int count, ChordPriority? priority = null) => new()
    {
        Map = new MapSpec { Handler = "sleep", Count = count, Args = """{"ms":100}""" },
        Body = new TaskSpec("count"),
        Options = priority is null ? null : new ChordOptions { Priority = priority },
    };

    [Fact]
    public async Task ASmallChordTakesTurnsWithABigOneAndHighPriorityGoesFirstAndLowLast()
    {
        // One silo, K = 1: the big chord queues 32 units of one 100 ms task on the lane.
        await using var cluster = await ChordTestCluster.StartAsync(1, new TestProbe(), engine: o => o.HeavyConcurrency = 1);
        var big = cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("big"));
        var small = cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("small"));
        var high = cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("high"));
        var low = cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("low"));
        await big.SubmitAsync(Sleeps(80));
        await Task.Delay(300);

        await low.SubmitAsync(Sleeps(2, ChordPriority.Low));
        await small.SubmitAsync(Sleeps(2));
        await high.SubmitAsync(Sleeps(2, ChordPriority.High));
        var highDone = await high.FinalAsync(Generous);
        var bigWhenHighDone = (await big.GetProgressAsync())!.Tasks.Completed;
        var smallDone = await small.FinalAsync(Generous);
        var bigWhenSmallDone = (await big.GetProgressAsync())!.Tasks.Completed;
        var bigDone = await big.FinalAsync(Generous);
        var lowDone = await low.FinalAsync(Generous);

        Assert.Equal(ChordStatus.Succeeded, highDone.Status);
        Assert.True(bigWhenHighDone < 10, $"high waited for {bigWhenHighDone} of the big chord's tasks");
        Assert.True(bigWhenSmallDone < 15, $"the small chord waited for {bigWhenSmallDone} of the big chord's tasks (its queue held 32)");
        Assert.True(lowDone.TasksFinishedAt >= bigDone.TasksFinishedAt, "a low chord ran before a normal one had finished its queue");
        Assert.Equal((ChordStatus.Succeeded, ChordStatus.Succeeded), (smallDone.Status, lowDone.Status));
    }
}
