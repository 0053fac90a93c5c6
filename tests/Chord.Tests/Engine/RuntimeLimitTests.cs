using System.Diagnostics;
using Chord.Grains.Limits;
using Chord.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Chord.Tests.Engine;

/// <summary>
/// The other limits beside a key's configured <c>MaxRunning</c>, on three silos of K = 4: a handler's limit holds
/// whatever keys its tasks belong to; a chord's own <c>keyLimit</c> caps its key, and its snapshot says while its
/// tasks wait on it; and a limit changed while the cluster runs (<see cref="ILimitsGrain"/>, what <c>PUT /v1/limits</c>
/// calls) takes effect within a second, lowered or raised. Running handlers are counted by the handlers themselves.
/// </summary>
public sealed class RuntimeLimitTests
{
    [Fact]
    public async Task AHandlerLimitedToTwoNeverRunsMoreThanTwoWhateverTheKeysOfItsTasks()
    {
        var probe = new TestProbe();
        await using var cluster = await ChordTestCluster.StartAsync(3, probe, engine: o => o.HeavyConcurrency = 4,
            silo: s => s.Services.Configure<ChordLimitsOptions>(o => o.Handlers["probe"] = new LimitOptions { MaxRunning = 2 }));
        var chords = new[] { "tenant-a", "tenant-b", null }.Select(key => (Grain: cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("by-handler")), Key: key)).ToArray();
        foreach (var (chord, key) in chords)
        {
            await chord.SubmitAsync(new ChordSpec
            {
                Map = new MapSpec { Handler = "probe", Count = 10, Args = """{"ms":100}""" },
                Body = new TaskSpec("record-sum"),
                Options = new ChordOptions { Key = key },
            });
        }

        var samples = await SampleUntilFinalAsync(probe, [.. chords.Select(c => c.Grain)]);

        Assert.All(samples.Finals, d => Assert.Equal((ChordStatus.Succeeded, 10), (d.Status, d.Tasks.Succeeded)));
        Assert.Equal(2, samples.Running.Max()); // reached, never passed, though the cluster has 12 heavy permits
    }

    [Fact]
    public async Task AChordsKeyLimitCapsItsKeyAndItsSnapshotSaysWhileItsTasksWaitOnIt()
    {
        var probe = new TestProbe();
        // A lease time of 1 s, under the 1.8 s the chord takes at 2 at a time: a chord's limit noted only when its tasks
        // first queue would lapse while they still wait.
        await using var cluster = await ChordTestCluster.StartAsync(3, probe, engine: o => o.HeavyConcurrency = 4,
            silo: s => s.Services.Configure<ChordLimitsOptions>(o => o.LeaseTime = TimeSpan.FromSeconds(1)));
        var chord = cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("key-limit"));
        await chord.SubmitAsync(new ChordSpec
        {
            Map = new MapSpec { Handler = "probe", Count = 24, Args = """{"ms":150}""" },
            Body = new TaskSpec("record-sum"),
            Options = new ChordOptions { Key = "self-capped", KeyLimit = 2 },
        });

        var heldBy = new HashSet<string?>();
        var running = new List<int>();
        var final = chord.FinalAsync(TimeSpan.FromSeconds(120));
        while (!final.IsCompleted)
        {
            running.Add(probe.RunningNow);
            heldBy.Add((await chord.GetProgressAsync())?.HeldBy);
            await Task.Delay(5);
        }

        var done = await final;
        Assert.Equal((ChordStatus.Succeeded, 24), (done.Status, done.Tasks.Succeeded));
        Assert.Equal(2, running.Max());
        Assert.Contains("key:self-capped", heldBy);
        Assert.Null(done.HeldBy);
    }

    [Fact]
    public async Task ALimitLoweredWhileTheClusterRunsHoldsWithinASecondAndRaisedAgainIsUsed()
    {
        var probe = new TestProbe();
        await using var cluster = await ChordTestCluster.StartAsync(3, probe, engine: o => o.HeavyConcurrency = 4,
            silo: s => s.Services.Configure<ChordLimitsOptions>(o => o.Keys["live"] = new KeyLimitOptions { MaxRunning = 8 }));
        var chords = Enumerable.Range(0, 4).Select(_ => cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("live"))).ToArray();
        foreach (var chord in chords)
        {
            await chord.SubmitAsync(new ChordSpec
            {
                Map = new MapSpec { Handler = "probe", Count = 80, Args = """{"ms":100}""" },
                Body = new TaskSpec("record-sum"),
                Options = new ChordOptions { Key = "live" },
            });
        }

        var limits = cluster.Client.GetGrain<ILimitsGrain>(0);
        var clock = Stopwatch.StartNew();
        var samples = new List<(double At, int Running)>();
        async Task SampleForAsync(double seconds)
        {
            var until = clock.Elapsed.TotalSeconds + seconds;
            while (clock.Elapsed.TotalSeconds < until)
            {
                samples.Add((clock.Elapsed.TotalSeconds, probe.RunningNow));
                await Task.Delay(2);
            }
        }

        await WaitUntilAsync(() => probe.RunningNow >= 6);
        var loweredAt = clock.Elapsed.TotalSeconds;
        await limits.SetAsync(LimitKind.Key, "live", new LimitSettings { MaxRunning = 2 });
        await SampleForAsync(3);
        var raisedAt = clock.Elapsed.TotalSeconds;
        await limits.ResetAsync(LimitKind.Key, "live");
        await SampleForAsync(2);
        var done = await Task.WhenAll(chords.Select(c => c.FinalAsync(TimeSpan.FromSeconds(120))));

        Assert.All(done, d => Assert.Equal((ChordStatus.Succeeded, 80), (d.Status, d.Tasks.Succeeded)));
        // A second for every silo to follow, and one task's 100 ms for what ran before to finish.
        var afterLowering = samples.Where(s => s.At >= loweredAt + 1.1 && s.At < raisedAt).Select(s => s.Running).ToList();
        Assert.InRange(afterLowering.Max(), 1, 2);
        var afterRaising = samples.Where(s => s.At >= raisedAt + 1.1).Select(s => s.Running).ToList();
        var trace = string.Join(" ", samples.GroupBy(s => Math.Floor(s.At * 4) / 4).Select(g => $"{g.Key:F2}:{g.Max(s => s.Running)}"));
        Assert.True(afterRaising.Max() >= 6, $"the configured limit of 8 was not used again: at most {afterRaising.Max()} ran (lowered at {loweredAt:F2}, raised at {raisedAt:F2}; {trace})");
    }

    [Fact]
    public async Task TasksWaitingOnALimitThatIsRemovedStartAtOnceOnEverySilo()
    {
        var probe = new TestProbe();
        await using var cluster = await ChordTestCluster.StartAsync(3, probe, engine: o => o.HeavyConcurrency = 4);
        var limits = cluster.Client.GetGrain<ILimitsGrain>(0);
        await limits.SetAsync(LimitKind.Key, "lifted", new LimitSettings { MaxRunning = 1 });
        await Task.Delay(TimeSpan.FromSeconds(1)); // every silo follows within a second
        var chord = cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("lifted"));
        await chord.SubmitAsync(new ChordSpec
        {
            Map = new MapSpec { Handler = "probe", Count = 8, Args = """{"ms":4000}""" },
            Body = new TaskSpec("record-sum"),
            Options = new ChordOptions { Key = "lifted" },
        });
        await WaitUntilAsync(() => probe.RunningNow == 1);
        await Task.Delay(500);
        var heldBefore = probe.RunningNow;

        await limits.ResetAsync(LimitKind.Key, "lifted");
        var lifted = Stopwatch.StartNew();
        await WaitUntilAsync(() => probe.RunningNow == 8); // nothing but the change may start them: the running one lasts 4 s
        var startedWithin = lifted.Elapsed;

        Assert.Equal(1, heldBefore);
        Assert.True(startedWithin < TimeSpan.FromSeconds(2), $"the waiting tasks started {startedWithin.TotalSeconds:F1} s after the limit was removed");
        Assert.Equal((ChordStatus.Succeeded, 8), ((await chord.FinalAsync(TimeSpan.FromSeconds(60))).Status, (await chord.GetProgressAsync())!.Tasks.Succeeded));
    }

    private static async Task<(List<int> Running, ChordProgress[] Finals)> SampleUntilFinalAsync(TestProbe probe, IChordGrain[] chords)
    {
        var running = new List<int>();
        var finals = Task.WhenAll(chords.Select(c => c.FinalAsync(TimeSpan.FromSeconds(120))));
        while (!finals.IsCompleted)
        {
            running.Add(probe.RunningNow);
            await Task.Delay(2);
        }

        return (running, await finals);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(5);
        }
    }
}
