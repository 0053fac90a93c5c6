using Chord.Grains.Tasks;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Engine;

/// <summary>
/// Redrive: a failed or cancelled chord runs again only its failed and never-run tasks (attempts go on counting),
/// keeps the succeeded results, then runs its body; a running or succeeded chord refuses it.
/// </summary>
public sealed class RedriveTests
{
    [Fact]
    public async Task RedrivingAFailedChordRerunsOnlyItsFailedAndNeverRunTasksThenRunsTheBody()
    {
        const int n = 20;
        var probe = new TestProbe();
        await using var cluster = await ChordTestCluster.StartAsync(2, probe);
        var id = ChordWaits.NewId("redrive-failed");
        var chord = cluster.Client.GetGrain<IChordGrain>(id);
        int[] failing = [9];

        // probe tasks (heavy, one per unit) succeed; the fail task fails its first attempt, and with one attempt per
        // drive the chord fails fast: units in flight are cancelled, those still queued never run.
        var tasks = Enumerable.Range(0, n)
            .Select(i => failing.Contains(i) ? new TaskSpec("fail", """{"times":1}""") : new TaskSpec("probe", """{"ms":20}"""))
            .ToArray();
        await chord.SubmitAsync(new ChordSpec { Tasks = tasks, Body = new TaskSpec("record-sum"), Options = new ChordOptions { MaxAttempts = 1, MaxConcurrency = 4 } });
        var failed = await chord.FinalAsync(TimeSpan.FromSeconds(30));
        var doneBefore = Enumerable.Range(0, n).Count(i => probe.TimesDone(id, i) == 1);
        var bodyBefore = probe.BodyInvocations(id);

        var accepted = await chord.RedriveAsync();
        var final = await chord.FinalAsync(TimeSpan.FromSeconds(30));
        var again = await Assert.ThrowsAsync<ChordNotRedrivableException>(() => chord.RedriveAsync());
        var listed = await chord.ListTasksAsync(new TaskQuery(null, 0, n));

        Assert.Equal(ChordStatus.Failed, failed.Status);
        Assert.Equal(BodyStatus.Failure, failed.Body.Status);
        Assert.Equal(0, bodyBefore); // it failed before its body
        Assert.InRange(doneBefore, 1, n - failing.Length - 1); // some probe tasks succeeded, some never ran

        Assert.Equal(ChordStatus.Running, accepted!.Status);
        Assert.Equal(1, accepted.Redrives);
        Assert.Equal(0, accepted.Tasks.Failed);
        Assert.Equal(failed.Tasks.Succeeded, accepted.Tasks.Succeeded); // what succeeded stays counted

        Assert.Equal(ChordStatus.Succeeded, final.Status);
        Assert.Equal(1, final.Redrives);
        Assert.Equal(new TaskCounts(n, 0, 0, n, 0, 0), final.Tasks);
        Assert.Equal((n * (n - 1) / 2).ToString(), final.Body.Result);
        Assert.Equal(1, probe.BodyInvocations(id));
        Assert.All(Enumerable.Range(0, n).Where(i => !failing.Contains(i)), i => Assert.Equal(1, probe.TimesDone(id, i))); // no succeeded task ran twice
        Assert.All(failing, i => Assert.Equal(2, listed!.Items[i].Attempts)); // the failed attempt 1, then attempt 2
        Assert.Contains("succeeded", again.Message);
    }

    [Fact]
    public async Task RedrivingACancelledChordRunsWhatWasCancelledAndRunningChordsRefuse()
    {
        const int n = 12;
        var probe = new TestProbe();
        await using var cluster = await ChordTestCluster.StartAsync(1, probe);
        var id = ChordWaits.NewId("redrive-cancelled");
        var chord = cluster.Client.GetGrain<IChordGrain>(id);
        await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "probe", Count = n, Args = """{"ms":300}""" }, Body = new TaskSpec("record-sum"), Options = new ChordOptions { MaxConcurrency = 2 } });

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await chord.GetProgressAsync())!.Tasks.Succeeded < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var whileRunning = await Assert.ThrowsAsync<ChordNotRedrivableException>(() => chord.RedriveAsync());
        await chord.CancelAsync();
        var cancelled = await chord.FinalAsync(TimeSpan.FromSeconds(20));
        await chord.RedriveAsync();
        var final = await chord.FinalAsync(TimeSpan.FromSeconds(30));
        var unknown = await cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("none")).RedriveAsync();

        Assert.Contains("running", whileRunning.Message);
        Assert.Equal(ChordStatus.Cancelled, cancelled.Status);
        Assert.InRange(cancelled.Tasks.Succeeded, 2, n - 1);
        Assert.Equal(ChordStatus.Succeeded, final.Status);
        Assert.Equal(new TaskCounts(n, 0, 0, n, 0, 0), final.Tasks);
        Assert.Equal((n * (n - 1) / 2).ToString(), final.Body.Result);
        Assert.All(Enumerable.Range(0, n), i => Assert.Equal(1, probe.TimesDone(id, i))); // cancelled ones ran once, succeeded ones not again
        Assert.Null(unknown);
    }

    [Fact]
    public async Task CountsAddUpAtEveryReadWhileAUnitWhoseOtherTasksSucceededRunsAgain()
    {
        const int n = 100;
        var probe = new TestProbe();
        await using var cluster = await ChordTestCluster.StartAsync(1, probe);
        var id = ChordWaits.NewId("redrive-counts");
        var chord = cluster.Client.GetGrain<IChordGrain>(id);

        // One light unit of 100 tasks: 99 succeed, task 50 fails its only attempt, so the chord fails.
        var tasks = Enumerable.Range(0, n).Select(i => i == 50 ? new TaskSpec("fail", """{"times":1}""") : new TaskSpec("noop")).ToArray();
        await chord.SubmitAsync(new ChordSpec { Tasks = tasks, Body = new TaskSpec("count"), Options = new ChordOptions { MaxAttempts = 1 } });
        var failed = await chord.FinalAsync(TimeSpan.FromSeconds(30));

        // The redrive sends the unit again: it holds 99 succeeded tasks and runs one.
        var seen = new List<ChordProgress> { (await chord.RedriveAsync())! };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var snapshot in chord.WatchAsync(TimeSpan.Zero, cts.Token))
        {
            seen.Add(snapshot);
        }

        Assert.Equal((ChordStatus.Failed, 99, 1), (failed.Status, failed.Tasks.Succeeded, failed.Tasks.Failed));
        Assert.Equal(ChordStatus.Succeeded, seen[^1].Status);
        Assert.Equal("100", seen[^1].Body.Result);
        Assert.All(seen, snapshot =>
        {
            var t = snapshot.Tasks;
            Assert.True(t is { Pending: >= 0, Queued: >= 0, Running: >= 0, Failed: >= 0, Cancelled: >= 0 }, $"a negative count: {t}");
            Assert.Equal(n, t.Pending + t.Queued + t.Running + t.Succeeded + t.Failed + t.Cancelled);
            Assert.InRange(t.Pending + t.Queued + t.Running, 0, 1); // only the failed task runs again
            Assert.Equal(0, t.Failed); // a task run again is not counted failed meanwhile
        });
        Assert.True(seen.Zip(seen.Skip(1)).All(pair => pair.Second.Tasks.Succeeded >= pair.First.Tasks.Succeeded), "succeeded went back");
    }

    [Fact]
    public async Task ALateCancelOfTheEarlierDriveDoesNotCancelTheRedrivesRun()
    {
        var probe = new TestProbe();
        await using var cluster = await ChordTestCluster.StartAsync(1, probe);
        var id = ChordWaits.NewId("redrive-stale-cancel");
        var chord = cluster.Client.GetGrain<IChordGrain>(id);
        await chord.SubmitAsync(new ChordSpec { Tasks = [new TaskSpec("fail-then-sleep", """{"ms":1500}""")], Body = new TaskSpec("count"), Options = new ChordOptions { MaxAttempts = 1 } });
        var failed = await chord.FinalAsync(TimeSpan.FromSeconds(30));
        await chord.RedriveAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await chord.GetProgressAsync())!.Tasks.Running == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        // A cancel meant for the first drive arrives while the redrive's run of the unit is under way.
        await cluster.Client.GetGrain<ITaskGrain>(UnitKey.Of(id, 0)).CancelRunAsync(0);
        var final = await chord.FinalAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ChordStatus.Failed, failed.Status);
        Assert.Equal(ChordStatus.Succeeded, final.Status);
        Assert.Equal(new TaskCounts(1, 0, 0, 1, 0, 0), final.Tasks);
        Assert.Equal(2, (await chord.ListTasksAsync(new TaskQuery(null, 0, 1)))!.Items[0].Attempts);
    }
}
