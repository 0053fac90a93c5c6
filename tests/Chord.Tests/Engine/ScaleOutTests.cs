using Chord.Tests.Infrastructure;

namespace Chord.Tests.Engine;

/// <summary>
/// Capacity grows with silos: a silo that joins a running cluster takes units of chords already running, and one
/// chord keeps every heavy permit of the cluster busy whatever the dispatch window.
/// </summary>
public sealed class ScaleOutTests
{
    [Fact]
    public async Task ASiloThatJoinsMidChordTakesItsUnits()
    {
        const int n = 120;
        var probe = new TestProbe();
        await using var cluster = await ChordTestCluster.StartAsync(1, probe, processWideStorage: true);
        var id = ChordWaits.NewId("join");
        var chord = cluster.Client.GetGrain<IChordGrain>(id);
        await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "probe", Count = n, Args = """{"ms":100}""" }, Body = new TaskSpec("record-sum") });

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await chord.GetProgressAsync())!.Tasks.Completed < 10 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var atJoin = (await chord.GetProgressAsync())!;
        var joined = await cluster.StartAdditionalSiloAsync();
        var final = await chord.FinalAsync(TimeSpan.FromSeconds(60));
        var onNewSilo = probe.TasksPerSilo.GetValueOrDefault(joined.SiloAddress.ToString());

        Assert.InRange(atJoin.Tasks.Completed, 10, n / 2); // it joined mid-chord
        Assert.True(onNewSilo >= n / 5, $"the new silo ran {onNewSilo} of {n} tasks");
        Assert.Equal(ChordStatus.Succeeded, final.Status);
        Assert.Equal(new TaskCounts(n, 0, 0, n, 0, 0), final.Tasks);
        Assert.Equal((n * (n - 1) / 2).ToString(), final.Body.Result);
        Assert.Equal(1, probe.BodyInvocations(id));
    }

    [Fact]
    public async Task OneChordKeepsEveryHeavyPermitOfTheClusterBusyWhateverTheDispatchWindow()
    {
        var probe = new TestProbe();
        // A dispatch window of 2 units alone would run 2 tasks at a time; 3 silos with K = 2 have 6 permits.
        await using var cluster = await ChordTestCluster.StartAsync(3, probe, engine: o => o.DispatchWindow = 2);
        await Task.Delay(TimeSpan.FromSeconds(1)); // every silo has reported its K to the cluster view
        var chord = cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("capacity"));
        await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "probe", Count = 60, Args = """{"ms":300}""" }, Body = new TaskSpec("count") });

        var most = 0;
        var silosAtOnce = 0;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (most < 6 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
            most = Math.Max(most, probe.RunningNow);
            silosAtOnce = Math.Max(silosAtOnce, probe.SilosRunningNow);
        }

        var final = await chord.FinalAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(6, most); // all 6 permits at once, never more
        Assert.Equal(3, silosAtOnce);
        Assert.All(probe.MaxRunningPerSilo.Values, max => Assert.InRange(max, 1, 2));
        Assert.Equal(ChordStatus.Succeeded, final.Status);
    }
}
