using Chord.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Chord.Tests.Engine;

/// <summary>
/// A chord's <c>retry</c> and <c>bodyRetry</c> options: attempts in all and the backoff, on the engine's clock (a fake
/// one here, so a backoff of a minute is a step of the test, not a minute of waiting).
/// </summary>
public sealed class RetryPolicyTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ATaskWaitsTheBackoffItsChordAsksForBeforeItsNextAttempt()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = await ChordTestCluster.StartAsync(1, new TestProbe(), clock: clock);
        var chord = cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("backoff"));
        var retry = new RetryOptions { MaxAttempts = 2, BackoffMs = 60_000, MaxBackoffMs = 60_000 };

        await chord.SubmitAsync(new ChordSpec { Tasks = [new("fail", """{"times":1}""")], Body = new TaskSpec("count"), Options = new ChordOptions { Retry = retry } });
        await Task.Delay(TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(1)); // far past the silo's default backoff; within the chord's (30–60 s with jitter)
        await Task.Delay(TimeSpan.FromSeconds(1));
        var waiting = await chord.GetProgressAsync();
        clock.Advance(TimeSpan.FromSeconds(60));
        var final = await chord.FinalAsync(Generous);
        var listed = await chord.ListTasksAsync(new TaskQuery(null, 0, 1));

        Assert.Equal(0, waiting!.Tasks.Completed);
        Assert.Equal((ChordStatus.Succeeded, "1"), (final.Status, final.Body.Result));
        Assert.Equal(2, Assert.Single(listed!.Items).Attempts);
    }

    [Fact]
    public async Task RetryAndBodyRetrySetTheAttemptsOfTasksAndBodyAndWinOverTheShorthand()
    {
        await using var cluster = await ChordTestCluster.StartAsync(1, new TestProbe());
        var tasksFail = cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("tasks-2"));
        var bodyFails = cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("body-1"));
        var bodyRetried = cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("body-2"));

        // Three attempts by the shorthand, two by retry: the task that fails twice fails.
        await tasksFail.SubmitAsync(new ChordSpec { Tasks = [new("fail", """{"times":2}""")], Body = new TaskSpec("count"), Options = new ChordOptions { MaxAttempts = 3, Retry = new RetryOptions { MaxAttempts = 2 } } });
        await bodyFails.SubmitAsync(new ChordSpec { Tasks = [new("noop")], Body = new TaskSpec("fail-body", """{"times":1}"""), Options = new ChordOptions { BodyRetry = new RetryOptions { MaxAttempts = 1 } } });
        await bodyRetried.SubmitAsync(new ChordSpec { Tasks = [new("noop")], Body = new TaskSpec("fail-body", """{"times":1}"""), Options = new ChordOptions { MaxAttempts = 1, BodyRetry = new RetryOptions { MaxAttempts = 2 } } });
        var failedTask = await tasksFail.FinalAsync(Generous);
        var failedBody = await bodyFails.FinalAsync(Generous);
        var retriedBody = await bodyRetried.FinalAsync(Generous);

        Assert.Equal((ChordStatus.Failed, 2), (failedTask.Status, Assert.Single(failedTask.Failures).Error.Attempts));
        Assert.Equal((ChordStatus.Failed, BodyStatus.Failure, 1), (failedBody.Status, failedBody.Body.Status, failedBody.Body.Attempts));
        Assert.Equal((ChordStatus.Succeeded, "1", 2), (retriedBody.Status, retriedBody.Body.Result, retriedBody.Body.Attempts));
    }

    [Fact]
    public async Task AnExceptionItsHandlerDeclaresNeverRetriedFailsTheTaskAtOnce()
    {
        await using var cluster = await ChordTestCluster.StartAsync(1, new TestProbe());
        var chord = cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("never-retry"));

        await chord.SubmitAsync(new ChordSpec
        {
            Tasks = [new("picky", "\"format\""), new("picky", "\"other\"")],
            Body = new TaskSpec("count"),
            Options = new ChordOptions { Retry = new RetryOptions { MaxAttempts = 3, BackoffMs = 1 }, ToleratedFailures = 1 },
        });
        var final = await chord.FinalAsync(Generous);

        var failure = Assert.Single(final.Failures);
        Assert.Equal((0, "FormatException", 1), (failure.Index, failure.Error.Type, failure.Error.Attempts)); // not retried
        Assert.Equal(("1", 1), (final.Body.Result, final.Tasks.Succeeded)); // the other exception was retried and passed
    }

    [Fact]
    public async Task AHandlersDeclaredRetryDefaultsApplyWhereTheChordSetsNone()
    {
        await using var cluster = await ChordTestCluster.StartAsync(1, new TestProbe());
        var byDefault = cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("declared"));
        var bySetting = cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("declared-overridden"));

        // declared-retry declares 4 attempts and fails its first 3; the silo's default is 3 attempts.
        await byDefault.SubmitAsync(new ChordSpec { Tasks = [new("declared-retry")], Body = new TaskSpec("count") });
        await bySetting.SubmitAsync(new ChordSpec { Tasks = [new("declared-retry")], Body = new TaskSpec("count"), Options = new ChordOptions { Retry = new RetryOptions { MaxAttempts = 2 } } });
        var succeeded = await byDefault.FinalAsync(Generous);
        var failed = await bySetting.FinalAsync(Generous);

        Assert.Equal(ChordStatus.Succeeded, succeeded.Status);
        Assert.Equal(4, Assert.Single((await byDefault.ListTasksAsync(new TaskQuery(null, 0, 1)))!.Items).Attempts);
        Assert.Equal(ChordStatus.Failed, failed.Status);
        Assert.Equal(2, Assert.Single(failed.Failures).Error.Attempts); // the chord's own setting wins
    }
}
