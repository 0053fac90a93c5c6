using System.Text.Json;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Engine;

/// <summary>
/// Heartbeats: the task listing shows a running task's latest heartbeat and when it came; <c>heartbeatTimeoutMs</c>
/// fails an attempt whose handler went silent (<c>HeartbeatTimeout</c>), and the next attempt is given the last value.
/// </summary>
public sealed class HeartbeatTests
{
    [Fact]
    public async Task TheListingShowsARunningTasksLatestHeartbeatAndTheRecordKeepsIt()
    {
        var probe = new TestProbe();
        await using var cluster = await ChordTestCluster.StartAsync(1, probe);
        var id = ChordWaits.NewId("heartbeat-listing");
        var chord = cluster.Client.GetGrain<IChordGrain>(id);
        var before = DateTimeOffset.UtcNow;
        await chord.SubmitAsync(new ChordSpec { Tasks = [new("checkpoint")], Body = new TaskSpec("count") });

        TaskEntry? running = null;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (running?.Heartbeat is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            running = (await chord.ListTasksAsync(new TaskQuery(null, 0, 1)))!.Items.Single();
        }

        await chord.CancelAsync();
        await chord.FinalAsync(TimeSpan.FromSeconds(20));
        var recorded = (await chord.ListTasksAsync(new TaskQuery(null, 0, 1)))!.Items.Single();

        Assert.Equal(TaskPhase.Running, running!.Phase);
        Assert.Equal("""{"step":2}""", running.Heartbeat);
        Assert.InRange(running.HeartbeatAt!.Value, before, DateTimeOffset.UtcNow);
        Assert.Equal(TaskPhase.Cancelled, recorded.Phase);
        Assert.Equal("""{"step":2}""", recorded.Heartbeat); // kept in the task's record
        Assert.Equal(running.HeartbeatAt, recorded.HeartbeatAt);
    }

    [Fact]
    public async Task ASilentHandlerEndsHeartbeatTimeoutAndItsNextAttemptSeesTheLastHeartbeat()
    {
        var probe = new TestProbe();
        await using var cluster = await ChordTestCluster.StartAsync(1, probe);
        var once = cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("heartbeat-once"));
        var twiceId = ChordWaits.NewId("heartbeat-twice");
        var twice = cluster.Client.GetGrain<IChordGrain>(twiceId);
        var retry = new RetryOptions { MaxAttempts = 2, BackoffMs = 1 };

        // Its first attempt beats twice, then is silent for 60 s: only the heartbeat timeout ends it in time.
        await once.SubmitAsync(new ChordSpec { Tasks = [new("checkpoint")], Body = new TaskSpec("count"), Options = new ChordOptions { HeartbeatTimeoutMs = 500, MaxAttempts = 1 } });
        await twice.SubmitAsync(new ChordSpec { Tasks = [new("checkpoint")], Body = new TaskSpec("count"), Options = new ChordOptions { HeartbeatTimeoutMs = 500, Retry = retry } });
        var failed = await once.FinalAsync(TimeSpan.FromSeconds(15));
        var succeeded = await twice.FinalAsync(TimeSpan.FromSeconds(15));
        var record = (await twice.ListTasksAsync(new TaskQuery(null, 0, 1)))!.Items.Single();

        Assert.Equal(ChordStatus.Failed, failed.Status);
        var failure = Assert.Single(failed.Failures);
        Assert.Equal(("HeartbeatTimeout", 1), (failure.Error.Type, failure.Error.Attempts));

        Assert.Equal(ChordStatus.Succeeded, succeeded.Status);
        Assert.Equal([(0, 1, null), (0, 2, """{"step":2}""")], probe.HeartbeatsSeen(twiceId));
        Assert.Equal(2, record.Attempts);
        Assert.Equal(2, JsonDocument.Parse(record.Result!).RootElement.GetInt32()); // it resumed from step 2
    }
}
