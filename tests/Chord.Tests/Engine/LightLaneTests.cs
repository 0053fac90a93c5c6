using Chord.Tests.Infrastructure;

namespace Chord.Tests.Engine;

/// <summary>Light work never takes every core: units of light tasks run at most <c>LightConcurrency</c> at once per silo.</summary>
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
}
