using Chord.Grains.Tasks;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Engine;

/// <summary>The chord engine end to end on a 3-silo in-process cluster with memory storage.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ChordEngineTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private IChordGrain Chord(string id) => fixture.Grains.GetGrain<IChordGrain>(id);

    [Fact]
    public async Task NoopChordSumsEveryIndexExactlyOnce()
    {
        const int n = 5_000;
        var chord = Chord(ChordWaits.NewId("sum"));

        var submitted = await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "noop", Count = n }, Body = new TaskSpec("sum") });
        var final = await chord.FinalAsync(Generous);

        Assert.True(submitted.Created);
        Assert.Equal(ChordStatus.Succeeded, final.Status);
        Assert.Equal(new TaskCounts(n, 0, 0, n, 0, 0), final.Tasks);
        Assert.Equal(BodyStatus.Success, final.Body.Status);
        Assert.Equal(1, final.Body.Attempts);
        Assert.Equal(((long)n * (n - 1) / 2).ToString(), final.Body.Result);
        Assert.NotNull(final.TasksFinishedAt);
        Assert.True(final.FinishedAt >= final.TasksFinishedAt);
    }

    [Fact]
    public async Task ExplicitTaskListAndItemsMapPassTheirArguments()
    {
        var list = Chord(ChordWaits.NewId("list"));
        var items = Chord(ChordWaits.NewId("items"));

        await list.SubmitAsync(new ChordSpec { Tasks = [new("noop", "5"), new("noop", "7"), new("noop", "30")], Body = new TaskSpec("sum") });
        await items.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "noop", Items = ["1", "2", "{\"x\":1}"] }, Body = new TaskSpec("count") });

        Assert.Equal("42", (await list.FinalAsync(Generous)).Body.Result);
        Assert.Equal("3", (await items.FinalAsync(Generous)).Body.Result);
    }

    [Fact]
    public async Task ProgressSampledWhileRunningIsExactAndNeverGoesBackwards()
    {
        const int n = 120;
        var chord = Chord(ChordWaits.NewId("monotonic"));
        await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "probe", Count = n, Args = "{\"ms\":20}" }, Body = new TaskSpec("sum") });

        var samples = new List<ChordProgress>();
        while (samples.Count == 0 || !samples[^1].IsFinal)
        {
            samples.Add((await chord.GetProgressAsync())!);
            await Task.Delay(2);
        }

        Assert.Contains(samples, s => s.Tasks.Completed > 0 && s.Tasks.Completed < n);
        for (var i = 0; i < samples.Count; i++)
        {
            var t = samples[i].Tasks;
            Assert.Equal(n, t.Total);
            Assert.Equal(n, t.Pending + t.Queued + t.Running + t.Succeeded + t.Failed + t.Cancelled);
            Assert.True(t.Pending >= 0 && t.Queued >= 0 && t.Running >= 0, $"negative count in {t}");
            if (i > 0)
            {
                var before = samples[i - 1];
                Assert.True(samples[i].Version >= before.Version, $"version went back: {before.Version} -> {samples[i].Version}");
                Assert.True(t.Succeeded >= before.Tasks.Succeeded, $"succeeded went back: {before.Tasks} -> {t}");
                Assert.True(t.Completed >= before.Tasks.Completed, $"completed went back: {before.Tasks} -> {t}");
            }
        }

        Assert.Equal(n, samples[^1].Tasks.Succeeded);
    }

    [Fact]
    public async Task StreamedProgressGrowsAndEndsWithTheFinalSnapshot()
    {
        var chord = Chord(ChordWaits.NewId("stream"));
        await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "probe", Count = 30, Args = "{\"ms\":30}" }, Body = new TaskSpec("count") });

        var streamed = new List<ChordProgress>();
        using var cts = new CancellationTokenSource(Generous);
        await foreach (var snapshot in chord.WatchAsync(TimeSpan.Zero, cts.Token))
        {
            streamed.Add(snapshot);
        }

        Assert.True(streamed.Count > 2, $"only {streamed.Count} snapshots streamed");
        Assert.True(streamed[^1].IsFinal);
        Assert.Equal(ChordStatus.Succeeded, streamed[^1].Status);
        Assert.Equal("30", streamed[^1].Body.Result);
        Assert.All(streamed.Zip(streamed.Skip(1)), pair => Assert.True(pair.Second.Version > pair.First.Version));
        Assert.Single(streamed, s => s.IsFinal);

        var afterTheEnd = new List<ChordProgress>();
        await foreach (var snapshot in chord.WatchAsync(TimeSpan.Zero, cts.Token))
        {
            afterTheEnd.Add(snapshot);
        }

        Assert.Equal(streamed[^1].Version, Assert.Single(afterTheEnd).Version);
    }

    [Fact]
    public async Task AFailingTaskFailsTheChordAndTheBodyNeverRuns()
    {
        var id = ChordWaits.NewId("fail");
        var chord = Chord(id);
        TaskSpec[] tasks = [.. Enumerable.Range(0, 20).Select(i => i == 7 ? new TaskSpec("fail", "{\"times\":-1}") : new TaskSpec("noop"))];

        await chord.SubmitAsync(new ChordSpec { Tasks = tasks, Body = new TaskSpec("record-sum"), Options = new ChordOptions { MaxAttempts = 2 } });
        var final = await chord.FinalAsync(Generous);

        Assert.Equal(ChordStatus.Failed, final.Status);
        Assert.Equal(1, final.Tasks.Failed);
        Assert.Equal(20, final.Tasks.Completed);
        var failure = Assert.Single(final.Failures);
        Assert.Equal(7, failure.Index);
        Assert.Equal("fail", failure.Handler);
        Assert.Equal(2, failure.Error.Attempts);
        Assert.Equal(BodyStatus.Failure, final.Body.Status);
        Assert.Equal(0, final.Body.Attempts);
        Assert.Equal("ChordError", final.Body.Error!.Type);
        Assert.Equal(0, fixture.Probe.BodyInvocations(id));
    }

    [Fact]
    public async Task ATaskThatFailsFewerTimesThanItsAttemptsSucceeds()
    {
        var chord = Chord(ChordWaits.NewId("retry"));

        await chord.SubmitAsync(new ChordSpec { Tasks = [new("fail", "{\"times\":2}")], Body = new TaskSpec("sum"), Options = new ChordOptions { MaxAttempts = 3 } });
        var final = await chord.FinalAsync(Generous);

        Assert.Equal(ChordStatus.Succeeded, final.Status);
        Assert.Equal("0", final.Body.Result);
    }

    [Fact]
    public async Task DigestStreamsEveryResultOnceInIndexOrder()
    {
        // More tasks than one light unit holds, so the body reads across units; a lost, repeated or reordered result
        // changes the hash.
        var items = Enumerable.Range(0, 1_300).Select(i => $"\"{new string('d', i % 7)}{i}\"").ToArray();
        var chord = Chord(ChordWaits.NewId("digest"));

        await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "noop", Items = items }, Body = new TaskSpec("digest") });
        var final = await chord.FinalAsync(Generous);

        var lines = System.Text.Encoding.UTF8.GetBytes(string.Concat(items.Select((item, i) => $"{i}:{item}\n")));
        var expected = $$"""{"results":{{items.Length}},"bytes":{{lines.Length}},"sha256":"{{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(lines))}}"}""";
        Assert.Equal(ChordStatus.Succeeded, final.Status);
        Assert.Equal(expected, final.Body.Result);
    }

    [Fact]
    public async Task AUnitOfLargeResultsIsStoredInPagesThatBodiesListingsAndPurgeGoThrough()
    {
        // 500 results of ~12 KB (the fixture allows 16 KiB) in one unit weigh ~12 MiB by the page estimate: the unit
        // stores them as several pages, each read and written by its own bounded message.
        const int n = 500;
        var items = Enumerable.Range(0, n).Select(i => $"\"{i}:{new string('p', 12_000)}\"").ToArray();
        var id = ChordWaits.NewId("paged");
        var chord = Chord(id);
        await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "noop", Items = items }, Body = new TaskSpec("digest") });
        var final = await chord.FinalAsync(Generous);

        var unit = fixture.Grains.GetGrain<ITaskGrain>(UnitKey.Of(id, 0));
        var pages = new List<TaskRecord[]>();
        for (var skip = 0; skip < n; skip += pages[^1].Length)
        {
            pages.Add(await unit.ReadRecordsAsync(skip, UnitPages.MaxBytes));
            Assert.NotEmpty(pages[^1]);
        }

        // A listing reads at most its budget (4 MiB) of records a call: the 500 come in a few calls, each saying where to go on.
        var listed = new List<TaskEntry>();
        var calls = 0;
        for (int? offset = 0; offset is { } from; calls++)
        {
            var page = await chord.ListTasksAsync(new TaskQuery(null, from, 500));
            listed.AddRange(page!.Items);
            offset = page.Next;
        }

        var fromSecondPage = await chord.ListTasksAsync(new TaskQuery(TaskPhase.Succeeded, pages[0].Length + 3, 50));
        await unit.PurgeAsync();
        var secondPageAfterPurge = await fixture.Grains.GetGrain<IUnitPageGrain>($"{UnitKey.Of(id, 0)}/1").ReadAsync(0, int.MaxValue);

        Assert.Equal(ChordStatus.Succeeded, final.Status);
        Assert.Contains($"\"results\":{n},", final.Body.Result);
        Assert.True(pages.Count > 1, $"the unit was stored in {pages.Count} page(s)");
        Assert.Equal(Enumerable.Range(0, n), pages.SelectMany(page => page).Select(record => record.Index));
        Assert.Equal(items, listed.Select(item => item.Result));
        Assert.InRange(calls, 3, 5);
        Assert.Equal(Enumerable.Range(pages[0].Length + 3, 50), fromSecondPage!.Items.Select(item => item.Index));
        Assert.Empty(secondPageAfterPurge);
    }

    [Fact]
    public async Task HeavyTasksNeverExceedKPerSiloAndSpreadOverSilos()
    {
        fixture.Probe.Reset();
        var chord = Chord(ChordWaits.NewId("throttle"));

        await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "probe", Count = 90, Args = "{\"ms\":40}" }, Body = new TaskSpec("count") });
        var final = await chord.FinalAsync(Generous);

        Assert.Equal(ChordStatus.Succeeded, final.Status);
        var perSilo = fixture.Probe.MaxRunningPerSilo;
        Assert.True(perSilo.Count > 1, $"all heavy work ran on one silo: {string.Join(", ", perSilo)}");
        Assert.All(perSilo, silo => Assert.InRange(silo.Value, 1, 2));
        Assert.Contains(perSilo, silo => silo.Value == 2);
    }

    [Fact]
    public async Task ATaskLongerThanTheResponseTimeoutCompletes()
    {
        var chord = Chord(ChordWaits.NewId("long"));
        var ms = (int)(ChordTestCluster.ResponseTimeout.TotalMilliseconds * 1.75);

        await chord.SubmitAsync(new ChordSpec { Tasks = [new("sleep", $"{{\"ms\":{ms}}}")], Body = new TaskSpec("count") });
        var final = await chord.FinalAsync(Generous);

        Assert.Equal(ChordStatus.Succeeded, final.Status);
        Assert.Equal("1", final.Body.Result);
        Assert.True(final.TasksFinishedAt - final.CreatedAt > ChordTestCluster.ResponseTimeout);
    }

    [Fact]
    public async Task AHeavyQueueDeeperThanTheResponseTimeoutCompletes()
    {
        // 32 units in flight over 3 silos with K = 2: the last in each silo's queue waits ~5 × 600 ms, past the 2 s timeout.
        const int n = 60;
        var chord = Chord(ChordWaits.NewId("queue"));

        await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "sleep", Count = n, Args = "{\"ms\":600}" }, Body = new TaskSpec("count") });
        var final = await chord.FinalAsync(Generous);

        Assert.Equal(ChordStatus.Succeeded, final.Status);
        Assert.Equal(n, final.Tasks.Succeeded);
        Assert.Equal(n.ToString(), final.Body.Result);
    }

    [Fact]
    public async Task MaxConcurrencyBoundsTasksInFlight()
    {
        var chord = Chord(ChordWaits.NewId("bounded"));
        await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "probe", Count = 12, Args = "{\"ms\":50}" }, Body = new TaskSpec("count"), Options = new ChordOptions { MaxConcurrency = 3 } });

        var maxRunning = 0;
        ChordProgress progress;
        do
        {
            progress = (await chord.GetProgressAsync())!;
            maxRunning = Math.Max(maxRunning, progress.Tasks.Running);
            await Task.Delay(2);
        }
        while (!progress.IsFinal);

        Assert.Equal(ChordStatus.Succeeded, progress.Status);
        Assert.InRange(maxRunning, 1, 3);
    }

    [Fact]
    public async Task CancelStopsPendingTasksAndTheBodyNeverRuns()
    {
        var id = ChordWaits.NewId("cancel");
        var chord = Chord(id);
        var before = fixture.Probe.TasksPerSilo.ToDictionary();
        await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "probe", Count = 200, Args = "{\"ms\":100000}" }, Body = new TaskSpec("record-sum") });

        // Handlers must be running on more than one silo, so the cancel has to reach each of them.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (fixture.Probe.SilosRunningNow < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        var silosRunning = fixture.Probe.SilosRunningNow;
        var cancelling = await chord.CancelAsync();
        var final = await chord.FinalAsync(Generous);
        var again = await chord.CancelAsync();

        Assert.True(silosRunning >= 2, $"handlers ran on {silosRunning} silo(s) only: started before {string.Join(", ", before)}, now {string.Join(", ", fixture.Probe.TasksPerSilo)}, running {string.Join(", ", fixture.Probe.RunningPerSilo)}");
        Assert.Equal(ChordStatus.Cancelling, cancelling!.Status);
        Assert.Equal(ChordStatus.Cancelled, final.Status);
        Assert.Equal(200, final.Tasks.Cancelled);
        Assert.Equal(0, fixture.Probe.RunningNow); // the running handlers saw their token, on every silo
        Assert.Equal(final.Version, again!.Version);
        Assert.Equal(0, fixture.Probe.BodyInvocations(id));
    }

    [Fact]
    public async Task TaskPagesOverGrainCallsAreBoundedAndBadQueriesAreTypedErrors()
    {
        var id = ChordWaits.NewId("pages");
        var chord = Chord(id);
        await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "noop", Count = 1_000 }, Body = new TaskSpec("count") });
        await chord.FinalAsync(Generous);

        var page = await chord.ListTasksAsync(new TaskQuery(TaskPhase.Succeeded, 990, 100));
        var bad = await Assert.ThrowsAsync<ChordValidationException>(() => chord.ListTasksAsync(new TaskQuery(null, -1, 0)));

        Assert.Equal(Enumerable.Range(990, 10), page!.Items.Select(i => i.Index));
        Assert.Equal(1_000, page.Total);
        Assert.Null(page.Next);
        Assert.Contains("limit", bad.Errors.Keys);
        Assert.Contains("offset", bad.Errors.Keys);
        Assert.Null(await Chord(ChordWaits.NewId("none")).ListTasksAsync(new TaskQuery(null, 0, 10)));
    }

    [Fact]
    public async Task UnknownChordHasNoProgressAndAnEmptyStream()
    {
        var chord = Chord(ChordWaits.NewId("unknown"));

        Assert.Null(await chord.GetProgressAsync());
        Assert.Null(await chord.CancelAsync());
        await foreach (var _ in chord.WatchAsync(TimeSpan.Zero, TestContext.Current.CancellationToken))
        {
            Assert.Fail("an unknown chord streamed a snapshot");
        }
    }

    [Fact]
    public async Task ResubmittingTheSameSpecReturnsTheChordAndADifferentSpecConflicts()
    {
        var chord = Chord(ChordWaits.NewId("again"));
        var spec = new ChordSpec { Map = new MapSpec { Handler = "noop", Count = 10 }, Body = new TaskSpec("sum") };

        var first = await chord.SubmitAsync(spec);
        var second = await chord.SubmitAsync(spec with { Map = new MapSpec { Handler = "noop", Count = 10 } });

        Assert.True(first.Created);
        Assert.False(second.Created);
        await Assert.ThrowsAsync<ChordConflictException>(() => chord.SubmitAsync(spec with { Map = new MapSpec { Handler = "noop", Count = 11 } }));
    }

    [Theory]
    [InlineData("unknown-handler")]
    [InlineData("tasks-and-map")]
    [InlineData("bad-json")]
    [InlineData("body-is-a-task")]
    public async Task InvalidSpecsAreRejectedAndCreateNothing(string problem)
    {
        var chord = Chord(ChordWaits.NewId(problem));
        var spec = problem switch
        {
            "unknown-handler" => new ChordSpec { Tasks = [new("no-such-handler")], Body = new TaskSpec("sum") },
            "tasks-and-map" => new ChordSpec { Tasks = [new("noop")], Map = new MapSpec { Handler = "noop", Count = 1 }, Body = new TaskSpec("sum") },
            "bad-json" => new ChordSpec { Tasks = [new("noop", "{not json")], Body = new TaskSpec("sum") },
            _ => new ChordSpec { Tasks = [new("noop")], Body = new TaskSpec("noop") },
        };

        var rejected = await Assert.ThrowsAsync<ChordValidationException>(() => chord.SubmitAsync(spec));

        Assert.NotEmpty(rejected.Errors);
        Assert.Null(await chord.GetProgressAsync());
    }

    [Fact]
    public async Task ACombiningBodyGetsWhatAStreamingBodyReadsWithoutReadingAnyResult()
    {
        var random = new Random(42);
        string[] items = [.. Enumerable.Range(0, 1_000).Select(_ => random.Next(-1_000_000, 1_000_000).ToString())];
        var combined = Chord(ChordWaits.NewId("combined"));
        var counted = Chord(ChordWaits.NewId("counted"));
        var streamedId = ChordWaits.NewId("streamed");

        await combined.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "noop", Items = items }, Body = new TaskSpec("sum") });
        await counted.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "noop", Items = items }, Body = new TaskSpec("count") });
        await Chord(streamedId).SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "noop", Items = items }, Body = new TaskSpec("record-sum") });
        var sum = await combined.FinalAsync(Generous);
        var count = await counted.FinalAsync(Generous);
        var streamed = await Chord(streamedId).FinalAsync(Generous);

        Assert.Equal(items.Sum(long.Parse).ToString(), streamed.Body.Result);
        Assert.Equal(streamed.Body.Result, sum.Body.Result);
        Assert.Equal("1000", count.Body.Result);
        Assert.Equal(Enumerable.Range(0, 1_000), Assert.Single(fixture.Probe.BodyReads(streamedId)));
    }

    [Theory]
    [InlineData("count", "0")]
    [InlineData("sum", "0")]
    [InlineData("items", "0")]
    [InlineData("tasks", "0")]
    [InlineData("record-sum", "0")]
    public async Task AnEmptyHeaderRunsTheBodyAtOnceWithNoInput(string shape, string expected)
    {
        // As Celery's chord with an empty header: no task, and the body runs at once.
        var chord = Chord(ChordWaits.NewId($"empty-{shape}"));
        var spec = shape switch
        {
            "items" => new ChordSpec { Map = new MapSpec { Handler = "noop", Items = [] }, Body = new TaskSpec("count") },
            "tasks" => new ChordSpec { Tasks = [], Body = new TaskSpec("sum") },
            _ => new ChordSpec { Map = new MapSpec { Handler = "noop", Count = 0 }, Body = new TaskSpec(shape) },
        };

        var submitted = await chord.SubmitAsync(spec);
        var final = await chord.FinalAsync(Generous);
        var listed = await chord.ListTasksAsync(new TaskQuery(null, 0, 10));

        Assert.True(submitted.Created);
        Assert.Equal((ChordStatus.Succeeded, BodyStatus.Success, expected), (final.Status, final.Body.Status, final.Body.Result));
        Assert.Equal(new TaskCounts(0, 0, 0, 0, 0, 0), final.Tasks);
        Assert.NotNull(final.TasksFinishedAt);
        Assert.Empty(listed!.Items);
        Assert.Null(listed.Next);
    }

    [Fact]
    public async Task TheSnapshotShowsTheFirstTenFailedTasksNotOnePerUnit()
    {
        var chord = Chord(ChordWaits.NewId("ten-failures"));

        await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "fail", Count = 30, Args = """{"times":-1}""" }, Body = new TaskSpec("sum"), Options = new ChordOptions { MaxAttempts = 1 } });
        var final = await chord.FinalAsync(Generous);

        Assert.Equal(ChordStatus.Failed, final.Status);
        Assert.Equal(30, final.Tasks.Failed);
        Assert.Equal(Enumerable.Range(0, 10), final.Failures.Select(f => f.Index));
    }

    [Fact]
    public async Task AResultOverTheLimitFailsItsTaskAtOnceAsResultTooLarge()
    {
        var chord = Chord(ChordWaits.NewId("too-large"));
        var large = $"\"{new string('x', ClusterFixture.MaxResultBytes)}\"";

        await chord.SubmitAsync(new ChordSpec { Tasks = [new("noop", "1"), new("noop", large)], Body = new TaskSpec("sum"), Options = new ChordOptions { MaxAttempts = 3 } });
        var final = await chord.FinalAsync(Generous);
        var listed = await chord.ListTasksAsync(new TaskQuery(TaskPhase.Failed, 0, 10));

        Assert.Equal(ChordStatus.Failed, final.Status);
        var failure = Assert.Single(final.Failures);
        Assert.Equal((1, "ResultTooLarge", 1), (failure.Index, failure.Error.Type, failure.Error.Attempts)); // not retried
        Assert.Contains("MaxResultBytes", failure.Error.Message, StringComparison.Ordinal);
        Assert.Equal("ResultTooLarge", Assert.Single(listed!.Items).Error!.Type);
    }

    [Fact]
    public async Task AHeavyTaskAmongManyLightOnesRunsInsideALightUnit()
    {
        // 1,000 tasks, one heavy: light units (not 1,000 units of one); the heavy one still takes a permit.
        TaskSpec[] tasks = [.. Enumerable.Range(0, 1_000).Select(i => i == 500 ? new TaskSpec("sleep", """{"ms":50}""") : new TaskSpec("noop"))];
        var chord = Chord(ChordWaits.NewId("mixed"));

        // (ChordPlanTests checks the layout itself; here it runs, its heavy task under a permit.)
        await chord.SubmitAsync(new ChordSpec { Tasks = tasks, Body = new TaskSpec("sum") });
        var final = await chord.FinalAsync(Generous);

        Assert.Equal(ChordStatus.Succeeded, final.Status);
        Assert.Equal((999L * 1_000 / 2).ToString(), final.Body.Result);
    }

    [Fact]
    public async Task ACombinerThatThrowsFailsItsChordInsteadOfHangingIt()
    {
        var chord = Chord(ChordWaits.NewId("unlucky"));

        await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "noop", Count = 40 }, Body = new TaskSpec("unlucky-count"), Options = new ChordOptions { MaxConcurrency = 10 } });
        var final = await chord.FinalAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ChordStatus.Failed, final.Status);
        Assert.Equal((BodyStatus.Failure, "ChordError"), (final.Body.Status, final.Body.Error!.Type));
        Assert.Contains("13 is unlucky", final.Body.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACombinerWhoseValueOutgrowsItsLimitFailsItsChordWithABoundedError()
    {
        var chord = Chord(ChordWaits.NewId("hoarding"));

        // Every index in one array: ~110 KB of JSON for 20,000 tasks, over the 64 KiB a combined value may hold.
        await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "noop", Count = 20_000 }, Body = new TaskSpec("hoarding-list") });
        var final = await chord.FinalAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(ChordStatus.Failed, final.Status);
        Assert.Equal((BodyStatus.Failure, "ChordError"), (final.Body.Status, final.Body.Error!.Type));
        Assert.Contains("at most 65,536", final.Body.Error.Message, StringComparison.Ordinal);
        Assert.InRange(final.Body.Error.Message.Length, 1, TaskError.MaxMessageLength + 200);
    }
}
