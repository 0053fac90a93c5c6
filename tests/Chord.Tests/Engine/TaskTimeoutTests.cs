using Chord.Grains.Lanes;
using Chord.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Chord.Tests.Engine;

/// <summary>
/// <c>taskTimeoutMs</c>: an attempt that runs longer fails with error type <c>Timeout</c> and is retried; the chord
/// never waits for a handler that ignores its token, and that handler keeps its heavy permit until it returns.
/// </summary>
public sealed class TaskTimeoutTests
{
    [Fact]
    public async Task AnAttemptPastItsTimeoutIsAbandonedAndRetriedAndItsHandlerKeepsItsPermit()
    {
        await using var cluster = await ChordTestCluster.StartAsync(1, new TestProbe(), engine: o => o.HeavyConcurrency = 2);
        var runner = cluster.Silos[0].ServiceProvider.GetRequiredService<LaneRunner>();
        var chord = cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("timeout"));
        var next = cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("after-timeout"));
        var options = new ChordOptions { TaskTimeoutMs = 300, Retry = new RetryOptions { MaxAttempts = 2, BackoffMs = 1 } };

        // Each attempt sleeps 8 s ignoring its token: only abandoning them lets the chord end within 5 s.
        await chord.SubmitAsync(new ChordSpec { Tasks = [new("sleep", """{"ms":8000,"ignoreCancellation":true}""")], Body = new TaskSpec("count"), Options = options });
        var final = await chord.FinalAsync(TimeSpan.FromSeconds(5));
        var abandoned = runner.Abandoned;

        // Both permits (K = 2) are still held by the abandoned handlers: a new heavy task waits for them.
        await next.SubmitAsync(new ChordSpec { Tasks = [new("sleep", """{"ms":0}""")], Body = new TaskSpec("count") });
        await Task.Delay(TimeSpan.FromSeconds(1));
        var waiting = await next.GetProgressAsync();
        var done = await next.FinalAsync(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 100 && runner.Abandoned > 0; i++)
        {
            await Task.Delay(100); // the second abandoned handler returns a moment after the first
        }

        Assert.Equal(ChordStatus.Failed, final.Status);
        var failure = Assert.Single(final.Failures);
        Assert.Equal(("Timeout", 2), (failure.Error.Type, failure.Error.Attempts));
        Assert.Equal(2, abandoned);
        Assert.Equal(0, waiting!.Tasks.Completed);
        Assert.Equal(ChordStatus.Succeeded, done.Status);
        Assert.Equal(0, runner.Abandoned); // counted down as the abandoned handlers returned
    }
}
