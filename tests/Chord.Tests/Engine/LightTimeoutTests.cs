using Chord.Grains.Lanes;
using Chord.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Chord.Tests.Engine;

/// <summary>
/// Light handlers obey <c>taskTimeoutMs</c> too, even one that blocks its thread: with a timeout they run off the task
/// grain's scheduler, so the timer still fires; the abandoned handler is counted, and its unit goes on and gives its
/// light permit back while the handler still blocks.
/// </summary>
public sealed class LightTimeoutTests
{
    [Fact]
    public async Task ALightHandlerBlockingItsThreadIsTimedOutAndItsUnitCompletesAndFreesItsPermit()
    {
        var probe = new TestProbe();
        probe.HangOn["*"] = true;
        await using var cluster = await ChordTestCluster.StartAsync(1, probe, engine: o => o.LightConcurrency = 1);
        var runner = cluster.Silos[0].ServiceProvider.GetRequiredService<LaneRunner>();
        var silo = cluster.Silos[0].SiloAddress.ToString();
        try
        {
            var chord = cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("light-timeout"));
            var next = cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("after-light-timeout"));

            // The first attempt of task 0 blocks its thread for up to 60 s; its second returns at once. Task 1 of the
            // same unit (it waits behind the blocked one on the unit's scheduler) is retried on a fresh one.
            await chord.SubmitAsync(new ChordSpec
            {
                Tasks = [new("hang-light", """{"block":true}"""), new("noop")],
                Body = new TaskSpec("sum"),
                Options = new ChordOptions { TaskTimeoutMs = 300, Retry = new RetryOptions { MaxAttempts = 2, BackoffMs = 1 } },
            });
            var final = await chord.FinalAsync(TimeSpan.FromSeconds(30));
            var abandoned = runner.Abandoned;

            // One light permit (LightConcurrency = 1): a light chord after it runs only if the unit gave it back.
            await next.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "noop", Count = 10 }, Body = new TaskSpec("count") });
            var done = await next.FinalAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(1, probe.HangsSeenOn(silo)); // the first attempt hung: the fault hit running work
            Assert.Equal(1, probe.HangingOn(silo)); // and still blocks its thread
            Assert.InRange(abandoned, 1, 2);
            Assert.Equal(0, runner.AbandonedHeavy);
            Assert.Equal(ChordStatus.Succeeded, final.Status);
            Assert.Equal((2, 0), (final.Tasks.Succeeded, final.Tasks.Failed));
            Assert.Equal("1", final.Body.Result);
            Assert.Equal(ChordStatus.Succeeded, done.Status);
        }
        finally
        {
            probe.HangReleased.TrySetResult();
        }

        for (var i = 0; i < 100 && runner.Abandoned > 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(0, runner.Abandoned);
    }
}
