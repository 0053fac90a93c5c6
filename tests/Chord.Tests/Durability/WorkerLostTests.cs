using Chord.Tests.Infrastructure;

namespace Chord.Tests.Durability;

/// <summary>
/// Attempts interrupted by their silo dying count (each unit run is recorded in Azurite before its first handler
/// starts): a task whose silo is killed once succeeds on its second attempt, and one whose silo is killed at every
/// attempt ends <c>WorkerLost</c> instead of moving from silo to silo forever. A cancel accepted while the body runs
/// reaches it after its silo is killed.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class WorkerLostTests(AzuriteFixture fixture)
{
    [Theory]
    [InlineData(1, ChordStatus.Succeeded)]
    [InlineData(2, ChordStatus.Failed)]
    public async Task EveryAttemptInterruptedByASiloKillCounts(int kills, ChordStatus expected)
    {
        var probe = new TestProbe();
        await using var cluster = await ChordTestCluster.StartAsync(4, probe, azureStorage: fixture.Azurite.ConnectionString);
        var id = ChordWaits.NewId("worker-lost");
        var chord = cluster.Client.GetGrain<IChordGrain>(id);
        await chord.SubmitAsync(new ChordSpec { Tasks = [new("probe", """{"ms":4000}""")], Body = new TaskSpec("count"), Options = new ChordOptions { MaxAttempts = 2 } });

        var killedWhileRunning = new List<string>();
        for (var kill = 1; kill <= kills; kill++)
        {
            // Kill the silo of the task's kill-th run while its handler runs.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (probe.TasksPerSilo.Values.Sum() < kill)
            {
                Assert.True(DateTime.UtcNow < deadline, $"run {kill} of the task did not start");
                await Task.Delay(10);
            }

            var silo = probe.LastSilo!;
            killedWhileRunning.Add($"{silo}:{probe.RunningPerSilo.GetValueOrDefault(silo)}");
            await cluster.KillSiloAsync(cluster.Silos.Single(s => s.SiloAddress.ToString() == silo));
        }

        var final = await chord.FinalAsync(TimeSpan.FromSeconds(120));

        Assert.All(killedWhileRunning, entry => Assert.EndsWith(":1", entry));
        Assert.Equal(expected, final.Status);
        if (expected is ChordStatus.Succeeded)
        {
            Assert.Equal(1, final.Tasks.Succeeded);
            var task = (await chord.ListTasksAsync(new TaskQuery(null, 0, 1)))!.Items.Single();
            Assert.Equal(2, task.Attempts); // the interrupted attempt, then the one that ran to its end
            Assert.Equal(2, probe.TasksPerSilo.Values.Sum());
        }
        else
        {
            var failure = Assert.Single(final.Failures);
            Assert.Equal(("WorkerLost", 2), (failure.Error.Type, failure.Error.Attempts));
            Assert.Equal(kills, probe.TasksPerSilo.Values.Sum()); // no third run
        }
    }

    [Fact]
    public async Task ACancelAcceptedWhileTheBodyRunsReachesItAfterItsSiloIsKilled()
    {
        var probe = new TestProbe();
        await using var cluster = await ChordTestCluster.StartAsync(3, probe, azureStorage: fixture.Azurite.ConnectionString);
        var id = ChordWaits.NewId("cancel-body-kill");
        var chord = cluster.Client.GetGrain<IChordGrain>(id);

        // The body waits 60 s per result it reads (it honours its token): only the cancel ends it sooner.
        await chord.SubmitAsync(new ChordSpec { Tasks = [new("noop")], Body = new TaskSpec("record-sum", """{"ms":60000}""") });
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (probe.BodySilo(id) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the body did not start");
            await Task.Delay(10);
        }

        // The body's silo dies first, so the cancel the chord sends it is lost with it: only the body started again
        // elsewhere can receive it.
        var started = DateTime.UtcNow;
        await cluster.KillSiloAsync(cluster.Silos.Single(s => s.SiloAddress.ToString() == probe.BodySilo(id)));
        ChordProgress? cancelling = null;
        while (cancelling is null)
        {
            try
            {
                cancelling = await chord.CancelAsync();
            }
            catch (Exception exception) when (exception is not OperationCanceledException && DateTime.UtcNow - started < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(200); // the chord may have lived on the killed silo too
            }
        }

        var final = await chord.FinalAsync(TimeSpan.FromSeconds(45));

        Assert.Equal(ChordStatus.Cancelling, cancelling.Status);
        Assert.Equal(ChordStatus.Cancelled, final.Status);
        Assert.Equal(BodyStatus.Failure, final.Body.Status);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(45), "the body ran out its time");
    }
}
