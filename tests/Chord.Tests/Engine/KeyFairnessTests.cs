using Chord.Tests.Infrastructure;

namespace Chord.Tests.Engine;

/// <summary>
/// Keys on a real silo: a tenant's ten-task chord submitted behind another tenant's twenty chords of a hundred heavy
/// tasks each takes every other permit, so while it runs the other tenant completes about as many tasks as it does,
/// not the twenty-fold a per-chord turn would give it.
/// </summary>
public sealed class KeyFairnessTests
{
    [Fact]
    public async Task AKeysSmallChordBehindAnotherKeysBacklogGetsHalfThePermits()
    {
        var probe = new TestProbe();
        await using var cluster = await ChordTestCluster.StartAsync(1, probe);
        var big = Enumerable.Range(0, 20).Select(_ => ChordWaits.NewId("tenant-a")).ToArray();
        foreach (var id in big)
        {
            await cluster.Client.GetGrain<IChordGrain>(id).SubmitAsync(Spec(100, "tenant-a"));
        }

        await Task.Delay(500); // the big tenant's units reach the lane and queue
        var before = probe.TasksPerSilo.Values.Sum();
        var small = cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("tenant-b"));
        await small.SubmitAsync(Spec(10, "tenant-b"));
        var done = await small.FinalAsync(TimeSpan.FromSeconds(60));
        var others = probe.TasksPerSilo.Values.Sum() - before - 10; // the big tenant's tasks run meanwhile

        Assert.Equal(ChordStatus.Succeeded, done.Status);
        Assert.True(await CompletedAsync(cluster, big) < 20 * 100 / 2, "the big tenant's backlog was gone before the small chord finished");
        Assert.InRange(others, 1, 40); // about 10 (every other permit); in turns per chord it would be about 200
    }

    private static ChordSpec Spec(int tasks, string key) => new()
    {
        Map = new MapSpec { Handler = "probe", Count = tasks, Args = """{"ms":50}""" },
        Body = new TaskSpec("record-sum"),
        Options = new ChordOptions { Key = key },
    };

    private static async Task<int> CompletedAsync(Orleans.TestingHost.InProcessTestCluster cluster, string[] ids) =>
        (await Task.WhenAll(ids.Select(id => cluster.Client.GetGrain<IChordGrain>(id).GetProgressAsync()))).Sum(p => p!.Tasks.Completed);
}
