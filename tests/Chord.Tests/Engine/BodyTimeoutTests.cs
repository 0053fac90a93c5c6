using Chord.Grains.Lanes;
using Chord.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Chord.Tests.Engine;

/// <summary>
/// A body that ignores its token: <c>bodyTimeoutMs</c> abandons each attempt past it (error type <c>Timeout</c>,
/// retried per <c>bodyRetry</c>), and a cancelled chord whose body hangs ends <c>cancelled</c> after
/// <c>Chord:Engine:CancelGrace</c>, not when the body returns.
/// </summary>
public sealed class BodyTimeoutTests
{
    [Fact]
    public async Task ABodyAttemptPastBodyTimeoutMsFailsWithTimeoutAndIsRetriedPerBodyRetry()
    {
        var probe = new TestProbe();
        await using var cluster = await ChordTestCluster.StartAsync(1, probe);
        var runner = cluster.Silos[0].ServiceProvider.GetRequiredService<LaneRunner>();
        try
        {
            var recovers = cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("body-timeout"));
            var givesUp = cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("body-timeout-fails"));
            ChordSpec Spec(int attempts) => new()
            {
                Tasks = [new("noop"), new("noop")],
                Body = new TaskSpec("hang-body", """{"times":2}"""),
                Options = new ChordOptions { BodyTimeoutMs = 300, BodyRetry = new RetryOptions { MaxAttempts = attempts, BackoffMs = 1 } },
            };

            // Each hanging attempt waits up to 60 s for the probe: only abandoning them ends these chords within 30 s.
            await recovers.SubmitAsync(Spec(3));
            await givesUp.SubmitAsync(Spec(2));
            var recovered = await recovers.FinalAsync(TimeSpan.FromSeconds(30));
            var failed = await givesUp.FinalAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(4, probe.HangingNow); // two hung attempts of each body still run: the timeout hit running work
            Assert.Equal(4, runner.Abandoned);
            Assert.Equal(300, recovered.Options!.BodyTimeoutMs); // echoed in the snapshot's options
            Assert.Equal((ChordStatus.Succeeded, BodyStatus.Success, 3, "2"), (recovered.Status, recovered.Body.Status, recovered.Body.Attempts, recovered.Body.Result));
            Assert.Equal((ChordStatus.Failed, BodyStatus.Failure, 2), (failed.Status, failed.Body.Status, failed.Body.Attempts));
            Assert.Equal(("Timeout", 2), (failed.Body.Error!.Type, failed.Body.Error.Attempts));
            Assert.Contains("bodyTimeoutMs", failed.Body.Error.Message, StringComparison.Ordinal);
        }
        finally
        {
            probe.HangReleased.TrySetResult();
        }

        for (var i = 0; i < 100 && runner.Abandoned > 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(0, runner.Abandoned); // counted down as the hung bodies returned
    }

    [Fact]
    public async Task ABodyWithinItsTimeoutStreamsItsInputAndSucceedsOnce()
    {
        const int n = 600; // two light units: the body reads pages from both while it runs off the body grain
        var probe = new TestProbe();
        await using var cluster = await ChordTestCluster.StartAsync(1, probe);
        var id = ChordWaits.NewId("body-within-timeout");
        var chord = cluster.Client.GetGrain<IChordGrain>(id);

        await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "noop", Count = n }, Body = new TaskSpec("record-sum"), Options = new ChordOptions { BodyTimeoutMs = 30_000 } });
        var final = await chord.FinalAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((ChordStatus.Succeeded, 1), (final.Status, final.Body.Attempts));
        Assert.Equal((n * (n - 1) / 2).ToString(), final.Body.Result);
        Assert.Equal(1, probe.BodyInvocations(id));
        Assert.Equal(Enumerable.Range(0, n), Assert.Single(probe.BodyReads(id)));
    }

    [Fact]
    public async Task ACancelledChordWhoseBodyIgnoresItsTokenEndsCancelledAfterTheCancelGrace()
    {
        var probe = new TestProbe();
        await using var cluster = await ChordTestCluster.StartAsync(1, probe, engine: o => o.CancelGrace = TimeSpan.FromSeconds(1));
        try
        {
            var chord = cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("cancel-grace"));
            await chord.SubmitAsync(new ChordSpec { Tasks = [new("noop")], Body = new TaskSpec("hang-body", """{"times":1}""") });
            for (var i = 0; i < 300 && probe.HangingNow == 0; i++)
            {
                await Task.Delay(50);
            }

            Assert.Equal(1, probe.HangingNow); // the body runs, and ignores its token
            var cancelling = await chord.CancelAsync();
            var final = await chord.FinalAsync(TimeSpan.FromSeconds(30)); // the body would hang 60 s

            Assert.Equal(ChordStatus.Cancelling, cancelling!.Status);
            Assert.Equal(1, probe.HangingNow); // it still hangs: the chord did not wait for it
            Assert.Equal(ChordStatus.Cancelled, final.Status);
            Assert.Equal((BodyStatus.Failure, "Cancelled"), (final.Body.Status, final.Body.Error!.Type));
            Assert.True(final.FinishedAt - final.TasksFinishedAt >= TimeSpan.FromSeconds(1), "it ended before its grace");

            // The body's late report changes nothing.
            probe.HangReleased.TrySetResult();
            for (var i = 0; i < 100 && probe.HangingNow > 0; i++)
            {
                await Task.Delay(50);
            }

            await Task.Delay(500);
            var after = await chord.GetProgressAsync();
            Assert.Equal((ChordStatus.Cancelled, BodyStatus.Failure, final.Version), (after!.Status, after.Body.Status, after.Version));
        }
        finally
        {
            probe.HangReleased.TrySetResult();
        }
    }
}
