using Chord.Tests.Infrastructure;

namespace Chord.Tests.Engine;

/// <summary>
/// A silo that does not host the chord dies mid-chord: the units it held are re-sent, the chord completes with
/// exact counts and one body run. Storage outlives the silo here (see <see cref="ProcessWideGrainStorage"/>).
/// </summary>
public sealed class SiloFailureTests
{
    [Fact]
    public async Task KillingASiloMidTaskThatDoesNotHostTheChordStillCompletesExactly()
    {
        const int n = 240;
        var probe = new TestProbe();
        await using var cluster = await ChordTestCluster.StartAsync(3, probe, processWideStorage: true);
        var id = ChordWaits.NewId("kill");
        var chord = cluster.Client.GetGrain<IChordGrain>(id);

        await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "probe", Count = n, Args = "{\"ms\":50}" }, Body = new TaskSpec("record-sum") });
        Assert.True(cluster.TryGetGrainContext(chord.GetGrainId(), out var context), "the chord has no activation");
        var chordSilo = context.Address.SiloAddress;
        var candidates = cluster.Silos.Where(s => !s.SiloAddress.Equals(chordSilo) && !s.SiloAddress.Equals(cluster.Silos[0].SiloAddress)).ToList();

        // The victim must hold work when it dies: wait until a quarter of the tasks are done and a candidate silo is
        // running probe handlers right now (placement is random, so each silo gets units from the start).
        var samples = new List<ChordProgress>();
        ChordProgress atKill;
        Orleans.TestingHost.InProcessSiloHandle? victim;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            await Task.Delay(5);
            atKill = (await chord.GetProgressAsync())!;
            samples.Add(atKill);
            victim = candidates.FirstOrDefault(s => probe.RunningPerSilo.GetValueOrDefault(s.SiloAddress.ToString()) > 0);
        }
        while ((atKill.Tasks.Completed < n / 4 || victim is null) && atKill.Tasks.Completed < n / 2 && DateTime.UtcNow < deadline);

        Assert.True(victim is not null, $"no silo but the chord's and the first one was running a task: {string.Join(", ", probe.RunningPerSilo)}");
        var runningOnVictim = probe.RunningPerSilo[victim.SiloAddress.ToString()];
        await cluster.KillSiloAsync(victim);
        var final = await chord.FinalAsync(TimeSpan.FromSeconds(120));
        samples.Add(final);

        Assert.InRange(atKill.Tasks.Completed, 1, n - 1);
        Assert.True(runningOnVictim > 0);
        Assert.Equal(ChordStatus.Succeeded, final.Status);
        Assert.Equal(new TaskCounts(n, 0, 0, n, 0, 0), final.Tasks);
        Assert.Equal(((long)n * (n - 1) / 2).ToString(), final.Body.Result);
        Assert.Equal(1, probe.BodyInvocations(id));
        Assert.Equal(1, final.Body.Attempts);
        Assert.All(samples.Zip(samples.Skip(1)), pair => Assert.True(pair.Second.Tasks.Completed >= pair.First.Tasks.Completed));
    }
}
