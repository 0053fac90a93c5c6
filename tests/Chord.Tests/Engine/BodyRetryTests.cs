using Chord.Tests.Infrastructure;

namespace Chord.Tests.Engine;

/// <summary>
/// The body's retries end to end: `fail-body` fails its first attempts and then succeeds; while it waits to retry
/// its status reads retry (never failure), each new attempt starts without the previous one's error, and a cancel
/// ends the wait.
/// </summary>
public sealed class BodyRetryTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AFailingBodyIsRetriedAndEachAttemptStartsWithoutThePreviousError()
    {
        var probe = new TestProbe();
        await using var cluster = await ChordTestCluster.StartAsync(1, probe);
        var builtIn = cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("fail-body"));
        var watchedId = ChordWaits.NewId("watched-body");

        await builtIn.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "noop", Count = 7 }, Body = new TaskSpec("fail-body", """{"times":2}""") });
        await cluster.Client.GetGrain<IChordGrain>(watchedId).SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "noop", Count = 3 }, Body = new TaskSpec("watched-fail-body", """{"times":1}""") });
        var final = await builtIn.FinalAsync(Generous);
        var watched = await cluster.Client.GetGrain<IChordGrain>(watchedId).FinalAsync(Generous);

        Assert.Equal((ChordStatus.Succeeded, BodyStatus.Success, 3, "7"), (final.Status, final.Body.Status, final.Body.Attempts, final.Body.Result));
        Assert.Null(final.Body.Error);
        Assert.Equal((ChordStatus.Succeeded, "3"), (watched.Status, watched.Body.Result));
        var seen = probe.BodySeenAtAttempts(watchedId);
        Assert.Equal([(BodyStatus.Started, 1), (BodyStatus.Started, 2)], seen.Select(b => (b.Status, b.Attempts)));
        Assert.All(seen, body => Assert.Null(body.Error)); // attempt 2 started with attempt 1's error cleared
    }

    [Fact]
    public async Task ACancelEndsTheBodysWaitForItsNextAttempt()
    {
        // A 10-minute backoff: only a cancel that ends the wait lets the chord finish within the test's minute.
        await using var cluster = await ChordTestCluster.StartAsync(1, new TestProbe(), engine: o => o.RetryDelay = TimeSpan.FromMinutes(10));
        var chord = cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("retry-cancel"));
        await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "noop", Count = 3 }, Body = new TaskSpec("fail-body", """{"times":5}""") });

        var waiting = await UntilAsync(chord, p => p.Body.Status is BodyStatus.Retry);
        await chord.CancelAsync();
        var final = await chord.FinalAsync(Generous);

        Assert.Equal((BodyStatus.Retry, ChordStatus.Completing), (waiting.Body.Status, waiting.Status)); // retry, never failure, while it waits
        Assert.Equal("InvalidOperationException", waiting.Body.Error!.Type);
        Assert.Equal(ChordStatus.Cancelled, final.Status);
        Assert.Equal("Cancelled", final.Body.Error!.Type);
    }

    private static async Task<ChordProgress> UntilAsync(IChordGrain chord, Func<ChordProgress, bool> condition)
    {
        using var cts = new CancellationTokenSource(Generous);
        while (true)
        {
            var progress = (await chord.GetProgressAsync())!;
            if (condition(progress))
            {
                return progress;
            }

            await Task.Delay(20, cts.Token);
        }
    }
}
