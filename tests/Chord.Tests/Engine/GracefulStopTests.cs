using Chord.Testing;
using Chord.Grains.Tasks;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Engine;

/// <summary>
/// A silo stopped gracefully mid-chord hands its running units back: their handlers are cancelled, the runs are not
/// counted as attempts (with one attempt per task, a counted run would fail its task <c>WorkerLost</c>), and the
/// chord sends them again at once to the silos that stay. Nothing is lost, nothing counted twice.
/// </summary>
public sealed class GracefulStopTests
{
    [Fact]
    public async Task AStoppingSiloHandsItsRunningUnitsBackWithoutCostingAnAttempt()
    {
        const int n = 12;
        var probe = new TestProbe();
        await using var cluster = await ChordTestCluster.StartAsync(3, probe, processWideStorage: true);
        var id = ChordWaits.NewId("graceful");
        var chord = cluster.Client.GetGrain<IChordGrain>(id);
        await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "probe", Count = n, Args = """{"ms":3000}""" }, Body = new TaskSpec("record-sum"), Options = new ChordOptions { MaxAttempts = 1 } });
        Assert.True(cluster.TryGetGrainContext(chord.GetGrainId(), out var context), "the chord has no activation");

        // The victim neither hosts the chord nor is the first silo, and runs handlers when it stops.
        var candidates = cluster.Silos.Where(s => !s.SiloAddress.Equals(context.Address.SiloAddress) && !s.SiloAddress.Equals(cluster.Silos[0].SiloAddress)).ToList();
        Orleans.TestingHost.InProcessSiloHandle? victim = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (victim is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
            victim = candidates.FirstOrDefault(s => probe.RunningPerSilo.GetValueOrDefault(s.SiloAddress.ToString()) > 0);
        }

        Assert.NotNull(victim);
        var runningOnVictim = probe.RunningPerSilo[victim.SiloAddress.ToString()];
        await cluster.StopSiloAsync(victim);
        var stoppedAt = DateTime.UtcNow;
        var final = await chord.FinalAsync(TimeSpan.FromSeconds(60));

        Assert.True(runningOnVictim > 0);
        Assert.Equal(0, probe.RunningPerSilo[victim.SiloAddress.ToString()]); // its handlers were cancelled, not left running
        Assert.Equal(ChordStatus.Succeeded, final.Status);
        Assert.Equal(new TaskCounts(n, 0, 0, n, 0, 0), final.Tasks); // no WorkerLost: the handed-back runs cost no attempt
        Assert.Equal((n * (n - 1) / 2).ToString(), final.Body.Result);
        Assert.Equal(1, probe.BodyInvocations(id));
        // At least once each; a handler that ended just as its silo stopped (its outcome not yet recorded) ran again
        // elsewhere, and at most K = 2 were running there.
        Assert.All(Enumerable.Range(0, n), i => Assert.InRange(probe.TimesDone(id, i), 1, 2));
        Assert.InRange(Enumerable.Range(0, n).Sum(i => probe.TimesDone(id, i)) - n, 0, 2);
        Assert.True(probe.TasksPerSilo.Values.Sum() > n, "no task was run again elsewhere");
    }

    [Fact]
    public async Task AUnitWritingItsRecordsWhenItsSiloStopsFinishesTheWriteAndCostsNoAttempt()
    {
        const int n = 60; // 15 units of 4: some land on a silo that neither hosts the chord nor is the first
        var probe = new TestProbe();
        var faults = new StorageFaults();
        var id = ChordWaits.NewId("graceful-recording");
        var slowed = new System.Collections.Concurrent.ConcurrentQueue<(string Key, DateTime At)>();
        var slowing = 1;

        // Every unit's write of its records (60 KB results) takes 2 s while the test wants it to.
        faults.DelayWritesOf = (key, state) =>
        {
            if (Volatile.Read(ref slowing) == 1 && state is UnitState { Report: not null } && key.Contains(id, StringComparison.Ordinal))
            {
                slowed.Enqueue((key, DateTime.UtcNow));
                return TimeSpan.FromSeconds(2);
            }

            return TimeSpan.Zero;
        };
        await using var cluster = await ChordTestCluster.StartAsync(3, probe, faults: faults);
        var chord = cluster.Client.GetGrain<IChordGrain>(id);
        var result = new string('x', 60_000);
        await chord.SubmitAsync(new ChordSpec
        {
            Map = new MapSpec { Handler = "noop", Count = n, Args = $$"""{"pad":"{{result}}"}""" },
            Body = new TaskSpec("count"),
            Options = new ChordOptions { MaxAttempts = 1, MaxConcurrency = 4 }, // light units of 4 tasks
        });
        Assert.True(cluster.TryGetGrainContext(chord.GetGrainId(), out var context), "the chord has no activation");

        // The victim neither hosts the chord nor is the first silo, and one of its units is writing its records.
        List<SiloAddress> spared = [context.Address.SiloAddress!, cluster.Silos[0].SiloAddress];
        Orleans.TestingHost.InProcessSiloHandle? victim = null;
        var writeStartedAt = DateTime.MinValue;
        for (var deadline = DateTime.UtcNow.AddSeconds(30); victim is null && DateTime.UtcNow < deadline; await Task.Delay(5))
        {
            foreach (var (key, at) in slowed)
            {
                var unit = int.Parse(key[(key.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
                var grain = cluster.Client.GetGrain<ITaskGrain>(UnitKey.Of(id, unit)).GetGrainId();
                if (DateTime.UtcNow - at < TimeSpan.FromSeconds(1.5) && cluster.TryGetGrainContext(grain, out var unitContext) && !spared.Contains(unitContext.Address.SiloAddress!))
                {
                    victim = cluster.Silos.First(s => s.SiloAddress.Equals(unitContext.Address.SiloAddress));
                    writeStartedAt = at;
                    break;
                }
            }
        }

        Assert.NotNull(victim);
        var stopAt = DateTime.UtcNow;
        await cluster.StopSiloAsync(victim);
        Volatile.Write(ref slowing, 0);
        var final = await chord.FinalAsync(TimeSpan.FromSeconds(60));

        Assert.InRange(stopAt - writeStartedAt, TimeSpan.Zero, TimeSpan.FromSeconds(2)); // the stop came while the write was under way
        Assert.Equal(ChordStatus.Succeeded, final.Status);
        Assert.Equal(new TaskCounts(n, 0, 0, n, 0, 0), final.Tasks); // no WorkerLost: the stop cost no attempt
        Assert.Equal(n.ToString(), final.Body.Result);
    }
}
