using Chord.Grains.Limits;
using Chord.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Chord.Tests.Engine;

/// <summary>
/// <c>Chord:Limits:Keys:{key}:MaxRunning</c> holds across the cluster: on three silos of K = 4, a key limited to 3
/// never has more than 3 heavy handlers running at once (counted by the handlers themselves, sampled throughout), keeps
/// about 3 running while it has a backlog, and another key beside it is not held back.
/// </summary>
public sealed class KeyLimitTests
{
    [Fact]
    public async Task AKeyLimitedToThreeNeverRunsMoreThanThreeAcrossThreeSilos()
    {
        var probe = new TestProbe();
        await using var cluster = await ChordTestCluster.StartAsync(3, probe, engine: o => o.HeavyConcurrency = 4,
            silo: s => s.Services.Configure<ChordLimitsOptions>(o => o.Keys["capped"] = new KeyLimitOptions { MaxRunning = 3 }));
        var chords = Enumerable.Range(0, 4).Select(_ => cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("capped"))).ToArray();
        foreach (var chord in chords)
        {
            await chord.SubmitAsync(new ChordSpec
            {
                Map = new MapSpec { Handler = "probe", Count = 15, Args = """{"ms":100}""" },
                Body = new TaskSpec("record-sum"),
                Options = new ChordOptions { Key = "capped" },
            });
        }

        var samples = new List<int>();
        var finals = Task.WhenAll(chords.Select(c => c.FinalAsync(TimeSpan.FromSeconds(120))));
        while (!finals.IsCompleted)
        {
            samples.Add(probe.RunningNow);
            await Task.Delay(2);
        }

        var done = await finals;
        Assert.All(done, d => Assert.Equal((ChordStatus.Succeeded, 15), (d.Status, d.Tasks.Succeeded)));
        Assert.InRange(samples.Max(), 1, 3); // never over the limit, though the cluster has 12 heavy permits
        var busy = samples.SkipWhile(n => n == 0).Reverse().SkipWhile(n => n < 3).Reverse().ToList(); // from the first start to the last full use
        Assert.True(busy.Average() >= 2.4, $"the limit was mostly unused: {busy.Average():F2} of 3 on average");
    }

    [Fact]
    public async Task ASiloHoldingLeasesKilledMidRunGivesItsShareBackAfterTheLeaseTime()
    {
        var probe = new TestProbe();
        await using var cluster = await ChordTestCluster.StartAsync(3, probe, processWideStorage: true, engine: o => o.HeavyConcurrency = 4,
            silo: s => s.Services.Configure<ChordLimitsOptions>(o =>
            {
                o.Keys["capped"] = new KeyLimitOptions { MaxRunning = 3 };
                o.LeaseTime = TimeSpan.FromSeconds(1);
            }));
        var chords = Enumerable.Range(0, 4).Select(_ => cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("capped-kill"))).ToArray();
        foreach (var chord in chords)
        {
            await chord.SubmitAsync(new ChordSpec
            {
                Map = new MapSpec { Handler = "probe", Count = 15, Args = """{"ms":150}""" },
                Body = new TaskSpec("record-sum"),
                Options = new ChordOptions { Key = "capped" },
            });
        }

        // The victim holds leases: it runs tasks of the key now (never the first silo, which the cluster needs).
        var samples = new List<int>();
        Orleans.TestingHost.InProcessSiloHandle? victim;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            samples.Add(probe.RunningNow);
            await Task.Delay(2);
            victim = cluster.Silos.Skip(1).FirstOrDefault(s => probe.RunningPerSilo.GetValueOrDefault(s.SiloAddress.ToString()) > 0);
        }
        while (victim is null && DateTime.UtcNow < deadline);

        Assert.NotNull(victim);
        var doneAtKill = (await Task.WhenAll(chords.Select(c => c.GetProgressAsync()))).Sum(p => p!.Tasks.Completed);
        await cluster.KillSiloAsync(victim);
        var finals = Task.WhenAll(chords.Select(c => c.FinalAsync(TimeSpan.FromSeconds(120))));
        while (!finals.IsCompleted)
        {
            samples.Add(probe.RunningNow);
            await Task.Delay(2);
        }

        var done = await finals;
        Assert.InRange(doneAtKill, 0, 4 * 15 - 1); // the kill hit running work
        Assert.All(done, d => Assert.Equal((ChordStatus.Succeeded, 15, "105"), (d.Status, d.Tasks.Succeeded, d.Body.Result)));
        Assert.InRange(samples.Max(), 1, 3); // the dead silo's share came back only once its leases had lapsed
    }

    [Fact]
    public async Task AKeyLimitedToTwentyASecondStartsTwentyASecondAcrossThreeSilos()
    {
        var probe = new TestProbe();
        await using var cluster = await ChordTestCluster.StartAsync(3, probe, engine: o => o.HeavyConcurrency = 4,
            silo: s => s.Services.Configure<ChordLimitsOptions>(o => o.Keys["paced"] = new KeyLimitOptions { RatePerSecond = 20, Burst = 5 }));
        var chords = Enumerable.Range(0, 4).Select(_ => cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("paced"))).ToArray();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var chord in chords)
        {
            await chord.SubmitAsync(new ChordSpec
            {
                Map = new MapSpec { Handler = "probe", Count = 60, Args = """{"ms":5}""" },
                Body = new TaskSpec("record-sum"),
                Options = new ChordOptions { Key = "paced" },
            });
        }

        // Starts counted by the handlers themselves, against time: the rate over the middle of the run.
        var starts = new List<(double At, int Started)>();
        var finals = Task.WhenAll(chords.Select(c => c.FinalAsync(TimeSpan.FromSeconds(120))));
        while (!finals.IsCompleted)
        {
            starts.Add((clock.Elapsed.TotalSeconds, probe.TasksPerSilo.Values.Sum()));
            await Task.Delay(50);
        }

        var done = await finals;
        var total = clock.Elapsed.TotalSeconds;
        var (from, to) = (starts.First(s => s.At >= 2), starts.Last(s => s.At <= 10));
        var rate = (to.Started - from.Started) / (to.At - from.At);

        Assert.All(done, d => Assert.Equal((ChordStatus.Succeeded, 60), (d.Status, d.Tasks.Succeeded)));
        Assert.InRange(rate, 18, 22); // 20 ± 10 %: the silos' 12 permits would start several hundred a second
        Assert.True(total >= (240 - 5) / 20.0, $"240 tasks at 20 a second (burst 5) took only {total:F1} s");
    }
}
