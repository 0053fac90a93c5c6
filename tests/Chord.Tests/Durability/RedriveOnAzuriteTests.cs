using Chord.Tests.Infrastructure;

namespace Chord.Tests.Durability;

/// <summary>
/// A redrive on Azurite survives a silo killed while the redriven tasks run: the chord ends with exact counts, the
/// exact sum and one body run, and the task that failed the first drive succeeds on its next attempt (its number
/// going on from the first drive's).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RedriveOnAzuriteTests(AzuriteFixture fixture)
{
    [Fact]
    public async Task ARedriveWhoseSiloIsKilledMidRunStillCompletesExactly()
    {
        const int n = 40;
        var probe = new TestProbe();
        await using var cluster = await ChordTestCluster.StartAsync(3, probe, azureStorage: fixture.Azurite.ConnectionString);
        var id = ChordWaits.NewId("redrive-kill");
        var chord = cluster.Client.GetGrain<IChordGrain>(id);

        // Task 0 fails its two attempts and fails the chord at once: nearly every probe task is still to run when it
        // is redriven. Two attempts per drive: the run lost with the killed silo costs a probe task one of them.
        var tasks = Enumerable.Range(0, n).Select(i => i == 0 ? new TaskSpec("fail", """{"times":2}""") : new TaskSpec("probe", """{"ms":300}""")).ToArray();
        var retry = new RetryOptions { MaxAttempts = 2, BackoffMs = 1 };
        await chord.SubmitAsync(new ChordSpec { Tasks = tasks, Body = new TaskSpec("record-sum"), Options = new ChordOptions { Retry = retry } });
        var failed = await chord.FinalAsync(TimeSpan.FromSeconds(60));
        await chord.RedriveAsync();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        ChordProgress atKill;
        string? victim;
        do
        {
            await Task.Delay(10);
            atKill = (await chord.GetProgressAsync())!;
            victim = probe.RunningPerSilo.FirstOrDefault(pair => pair.Value > 0).Key;
        }
        while ((atKill.Tasks.Succeeded < failed.Tasks.Succeeded + 4 || victim is null) && DateTime.UtcNow < deadline);

        await cluster.KillSiloAsync(cluster.Silos.Single(s => s.SiloAddress.ToString() == victim));
        var final = await chord.FinalAsync(TimeSpan.FromSeconds(120));
        var first = (await chord.ListTasksAsync(new TaskQuery(null, 0, 1)))!.Items.Single();

        Assert.Equal(ChordStatus.Failed, failed.Status);
        Assert.True(atKill.Tasks.Completed < n, "the redrive was over before the kill");
        Assert.NotNull(victim);
        Assert.Equal(ChordStatus.Succeeded, final.Status);
        Assert.Equal(1, final.Redrives);
        Assert.Equal(new TaskCounts(n, 0, 0, n, 0, 0), final.Tasks);
        Assert.Equal((n * (n - 1) / 2).ToString(), final.Body.Result);
        Assert.Equal(1, probe.BodyInvocations(id));
        Assert.Equal((TaskPhase.Succeeded, 3), (first.Phase, first.Attempts)); // attempts 1 and 2 failed the first drive
    }
}
