using Chord.Tests.Infrastructure;

namespace Chord.Tests.Engine;

/// <summary>
/// Queued and running are told apart: a task its silo holds while it waits for a heavy permit counts as queued, one
/// whose handler began as running; a listing shows each task's phase, when its silo took it in (queuedAt) and when
/// its handler began (startedAt).
/// </summary>
public sealed class QueuedAndRunningTests
{
    [Fact]
    public async Task TasksWaitingForAHeavyPermitAreQueuedAndTheirStartIsWhenTheirHandlerBegan()
    {
        const int n = 6;
        var probe = new TestProbe();
        await using var cluster = await ChordTestCluster.StartAsync(1, probe); // K = 2
        var id = ChordWaits.NewId("queued");
        var chord = cluster.Client.GetGrain<IChordGrain>(id);
        await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "probe", Count = n, Args = """{"ms":1500}""" }, Body = new TaskSpec("record-sum") });

        // Every snapshot while the first two run: 2 running, the other 4 held by the silo waiting for a permit.
        var split = await FirstAsync(chord, snapshot => snapshot.Tasks is { Running: 2, Queued: 4 }, TimeSpan.FromSeconds(10));
        var queued = await chord.ListTasksAsync(new TaskQuery(TaskPhase.Queued, 0, n));
        var running = await chord.ListTasksAsync(new TaskQuery(TaskPhase.Running, 0, n));
        var final = await chord.FinalAsync(TimeSpan.FromSeconds(30));
        var listed = await chord.ListTasksAsync(new TaskQuery(null, 0, n));

        Assert.Equal(new TaskCounts(n, 0, 2, 0, 0, 0) { Queued = 4 }, split.Tasks);
        Assert.Equal((4, 4), (queued!.Total, queued.Items.Length));
        Assert.All(queued.Items, task => Assert.Equal((TaskPhase.Queued, true, false), (task.Phase, task.QueuedAt is not null, task.StartedAt is not null)));
        Assert.Equal(2, running!.Items.Length);
        Assert.All(running.Items, task => Assert.True(task.Phase is TaskPhase.Running && task.StartedAt >= task.QueuedAt));
        Assert.Empty(queued.Items.Select(t => t.Index).Intersect(running.Items.Select(t => t.Index)));

        Assert.Equal(new TaskCounts(n, 0, 0, n, 0, 0), final.Tasks);
        Assert.All(listed!.Items, task => Assert.True(task.QueuedAt is not null && task.StartedAt >= task.QueuedAt && task.FinishedAt >= task.StartedAt));
        // The four that waited began their handler only once a permit was free (after a 1.5 s task ended), and the
        // time they waited is not part of their run.
        var waited = listed.Items.Count(task => task.StartedAt - task.QueuedAt >= TimeSpan.FromSeconds(1));
        Assert.Equal(4, waited);
    }

    /// <summary>The first snapshot read that matches, checking on the way that every snapshot's counts add up.</summary>
    private static async Task<ChordProgress> FirstAsync(IChordGrain chord, Func<ChordProgress, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var snapshot = (await chord.GetProgressAsync())!;
            var t = snapshot.Tasks;
            Assert.Equal(t.Total, t.Pending + t.Queued + t.Running + t.Completed);
            if (match(snapshot))
            {
                return snapshot;
            }

            Assert.False(snapshot.IsFinal, "the chord ended before a snapshot matched");
            await Task.Delay(10);
        }

        throw new TimeoutException("No snapshot matched in time.");
    }
}
