using Chord.Tests.Infrastructure;

namespace Chord.Tests.Engine;

/// <summary>
/// A silo that does not host the chord dies mid-chord: the units it held are re-sent, the chord completes with
/// exact counts and one body run. Storage outlives the silo here (see <see cref="ProcessWideGrainStorage"/>).
/// </summary>
public sealed class SiloFailureTests
{
    [Fact]
    public async Task KillingASiloThatDoesNotHostTheChordStillCompletesExactly()
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

        // The victim must hold work when it dies: wait for a quarter of the tasks and for a candidate that ran some
        // (placement by activation count may start a silo's share late).
        var samples = new List<ChordProgress>();
        ChordProgress progress;
        Orleans.TestingHost.InProcessSiloHandle? victim;
        do
        {
            progress = (await chord.GetProgressAsync())!;
            samples.Add(progress);
            victim = candidates.FirstOrDefault(s => probe.TasksPerSilo.ContainsKey(s.SiloAddress.ToString()));
        }
        while ((progress.Tasks.Completed < n / 4 || victim is null) && progress.Tasks.Completed < n / 2);

        Assert.True(victim is not null, "no silo but the chord's and the first one ran a task in the first half");
        await cluster.KillSiloAsync(victim);
        var final = await chord.FinalAsync(TimeSpan.FromSeconds(120));
        samples.Add(final);

        Assert.Equal(ChordStatus.Succeeded, final.Status);
        Assert.Equal(new TaskCounts(n, 0, 0, n, 0, 0), final.Tasks);
        Assert.Equal(((long)n * (n - 1) / 2).ToString(), final.Body.Result);
        Assert.Equal(1, probe.BodyInvocations(id));
        Assert.Equal(1, final.Body.Attempts);
        Assert.All(samples.Zip(samples.Skip(1)), pair => Assert.True(pair.Second.Tasks.Completed >= pair.First.Tasks.Completed));
    }
}
