using Chord.Grains.Tasks;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Engine;

/// <summary>
/// Light work never takes every core: units of light tasks run at most <c>LightConcurrency</c> at once per silo; and
/// it never runs inside the call that starts its unit.
/// </summary>
public sealed class LightLaneTests
{
    [Fact]
    public async Task LightUnitsRunOneAtATimePerSiloWithOnePermit()
    {
        // Units of 4 light tasks of 30 ms, 32 units in flight over 3 silos: without the lane a silo runs ~40 at once.
        var probe = new TestProbe();
        await using var cluster = await ChordTestCluster.StartAsync(3, probe, engine: o =>
        {
            o.LightUnitSize = 4;
            o.LightConcurrency = 1;
        });
        var chord = cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("light-lane"));

        await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "probe-light", Count = 240, Args = """{"ms":30}""" }, Body = new TaskSpec("count") });
        var final = await chord.FinalAsync(TimeSpan.FromSeconds(60));

        Assert.Equal("240", final.Body.Result);
        Assert.True(probe.MaxRunningPerSilo.Count > 1, $"all light work ran on one silo: {string.Join(", ", probe.MaxRunningPerSilo)}");
        Assert.All(probe.MaxRunningPerSilo, silo => Assert.InRange(silo.Value, 1, 4)); // one unit of 4 at a time
    }

    [Fact]
    public async Task LightWorkNeverRunsInsideTheCallThatStartsItsUnit()
    {
        // The gate task blocks its thread as CPU-bound work does; had it run inside StartAsync, the call would not
        // return until the gate opened.
        var probe = new TestProbe();
        await using var cluster = await ChordTestCluster.StartAsync(1, probe);
        var unit = cluster.Client.GetGrain<ITaskGrain>(UnitKey.Of("gate-start", 0));

        try
        {
            await unit.StartAsync(new UnitSpec("gate-start", 0, [new TaskItem(0, "gate", null)], 1)).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(probe.GateReached.Wait(TimeSpan.FromSeconds(10)), "the gate task never ran");
        }
        finally
        {
            probe.Gate.Set();
        }
    }
}
