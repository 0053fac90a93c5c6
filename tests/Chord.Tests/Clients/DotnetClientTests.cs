using Chord.Client;
using Chord.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Chord.Tests.Clients;

/// <summary>
/// <c>Chord.Client</c> (<c>AddChordClient</c> → <see cref="IChordClient"/>) against the real API on Kestrel and a
/// real silo: submit, watch, wait, paging, every control, typed exceptions, and the faults its design answers (a
/// submit whose answer is lost is retried without running twice; a dropped event stream resumes without a gap or a repeat).
/// </summary>
public sealed class DotnetClientTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task SubmitsWatchesWaitsAndPagesThroughChordsAndTasks()
    {
        await using var api = await ApiHost.StartAsync(new TestProbe());
        using var services = ClientFor(api, o => o.PageSize = 7);
        var chords = services.GetRequiredService<IChordClient>();
        using var timeout = new CancellationTokenSource(Patience);

        var submitted = await chords.SubmitAsync(new ChordRequest
        {
            Map = new ChordMap("probe", Count: 20, Args: new { ms = 40 }),
            Body = new ChordTask("sum"),
        }, timeout.Token);
        var seen = new List<ChordSnapshot>();
        await foreach (var snapshot in chords.WatchAsync(submitted.Id, timeout.Token))
        {
            seen.Add(snapshot);
        }

        Assert.Matches("^[0-9a-f]{32}$", submitted.Id); // made by the client
        Assert.True(seen.Count >= 2, $"{seen.Count} snapshots");
        Assert.Equal(seen.Select(s => s.Version).Distinct().Order(), seen.Select(s => s.Version));
        Assert.Equal(ChordState.Succeeded, seen[^1].Status);
        Assert.Equal(190, seen[^1].Body.Result!.Value.GetInt32()); // 0 + 1 + … + 19

        var waited = await chords.WaitAsync(submitted.Id, timeout.Token);
        Assert.Equal((ChordState.Succeeded, seen[^1].Version), (waited.Status, waited.Version));

        var tasks = await chords.ListTasksAsync(submitted.Id, cancellationToken: timeout.Token).ToListAsync(timeout.Token);
        Assert.Equal(Enumerable.Range(0, 20), tasks.Select(t => t.Index)); // three pages of 7
        Assert.All(tasks, t => Assert.Equal(TaskState.Succeeded, t.State));

        var others = new[] { "client-list-a", "client-list-b" };
        foreach (var id in others)
        {
            await chords.SubmitAsync(new ChordRequest { Id = id, Tasks = [new ChordTask("noop")], Body = new ChordTask("count") }, timeout.Token);
        }

        var listed = await chords.ListAsync(cancellationToken: timeout.Token).Select(c => c.Id).ToListAsync(timeout.Token);
        Assert.Equal(3, listed.Count);
        Assert.Equal(listed.ToHashSet(), new HashSet<string>(others.Append(submitted.Id)));

        var view = await chords.GetProgressViewAsync(submitted.Id, timeout.Token);
        Assert.Equal((20, 20, "successful", 190), (view.TasksCompleted, view.TasksTotal, view.Status, view.Result!.Value.GetInt32()));
        var cluster = await chords.GetClusterAsync(timeout.Token);
        Assert.Equal(1, cluster.Totals.ActiveSilos);
    }

    [Fact]
    public async Task LabelsTravelWithTheChordAndSearchFindsThemOverPages()
    {
        await using var api = await ApiHost.StartAsync(new TestProbe());
        using var services = ClientFor(api, o => o.PageSize = 2);
        var chords = services.GetRequiredService<IChordClient>();
        var made = new List<ChordSnapshot>();
        for (var i = 0; i < 5; i++)
        {
            made.Add(await chords.SubmitAsync(new ChordRequest
            {
                Tasks = [new ChordTask(i < 3 ? "noop" : "probe-light")],
                Body = new ChordTask("count"),
                Labels = new Dictionary<string, string> { ["team"] = i % 2 == 0 ? "even" : "odd" },
            }));
        }

        foreach (var chord in made)
        {
            await chords.WaitAsync(chord.Id);
        }

        var even = await chords.SearchAsync(new ChordQuery { Labels = new Dictionary<string, string> { ["team"] = "even" } }).ToListAsync();
        var probes = await chords.SearchAsync(new ChordQuery { Handler = "probe-light", Status = ChordState.Succeeded, CreatedAfter = made[0].CreatedAt }).ToListAsync();

        Assert.Equal([made[4].Id, made[2].Id, made[0].Id], even.Select(c => c.Id)); // three pages of 2
        Assert.All(even, c => Assert.Equal("even", c.Labels!["team"]));
        Assert.Equal([made[4].Id, made[3].Id], probes.Select(c => c.Id));
        Assert.Equal("odd", (await chords.GetAsync(made[1].Id)).Labels!["team"]);
    }

    [Fact]
    public async Task FailuresComeGroupedByHandlerAndErrorType()
    {
        await using var api = await ApiHost.StartAsync(new TestProbe());
        using var services = ClientFor(api);
        var chords = services.GetRequiredService<IChordClient>();
        var chord = await chords.SubmitAsync(new ChordRequest
        {
            Map = new ChordMap("fail", Count: 14, Args: new { times = -1 }),
            Body = new ChordTask("count"),
            Options = new ChordRunOptions { Retry = new RetryPolicy(MaxAttempts: 1), ToleratedFailures = 100 },
        });
        await chords.WaitAsync(chord.Id);

        FailureGroupInfo[] groups = [];
        for (var i = 0; i < 100 && groups is not [{ Count: 14 }]; i++)
        {
            groups = await chords.GetFailuresAsync(new FailureFilter { Handler = "fail" });
            await Task.Delay(100);
        }

        var group = Assert.Single(groups);
        Assert.Equal(("InvalidOperationException", 14L, 1, chord.Id), (group.ErrorType, group.Count, group.Chords, group.Sample!.ChordId));
        Assert.Contains("InvalidOperationException", group.Sample.StackTrace);
        Assert.Empty(await chords.GetFailuresAsync(new FailureFilter { ErrorType = "Timeout" }));
    }

    [Fact]
    public async Task ABulkRedriveAndCancelStartAndAreWatchedToTheirEnd()
    {
        await using var api = await ApiHost.StartAsync(new TestProbe());
        using var services = ClientFor(api, o => o.OperationPollInterval = TimeSpan.FromMilliseconds(20));
        var chords = services.GetRequiredService<IChordClient>();
        var labels = new Dictionary<string, string> { ["batch"] = "nightly" };
        var failed = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var chord = await chords.SubmitAsync(new ChordRequest
            {
                Map = new ChordMap("fail", Count: 1, Args: new { times = 1 }),
                Body = new ChordTask("count"),
                Labels = labels,
                Options = new ChordRunOptions { Retry = new RetryPolicy(MaxAttempts: 1) },
            });
            failed.Add((await chords.WaitAsync(chord.Id)).Id);
        }

        var slow = await chords.SubmitAsync(new ChordRequest { Map = new ChordMap("sleep", Count: 2, Args: new { ms = 30_000 }), Body = new ChordTask("count") });

        var redrive = await chords.StartRedriveAsync(OperationSelection.Matching(new ChordQuery { Status = ChordState.Failed, Labels = labels }));
        var seen = await chords.WatchOperationAsync(redrive.Id).ToListAsync();
        var cancel = await chords.StartCancelAsync(OperationSelection.OfIds(slow.Id, failed[0]) with { Id = "client-cancel-op" });
        var cancelled = await chords.WatchOperationAsync(cancel.Id).LastAsync();
        var listed = await chords.ListOperationsAsync(10);

        Assert.Equal(OperationAction.Redrive, redrive.Action);
        Assert.Equal(ChordState.Failed, redrive.Filter!.Status);
        var final = seen[^1];
        Assert.True(final.IsFinal);
        Assert.Equal((3, 3, 0, 0), (final.Matched, final.Done, final.Skipped, final.Failed));
        foreach (var id in failed)
        {
            Assert.Equal(ChordState.Succeeded, (await chords.WaitAsync(id)).Status);
        }

        Assert.Equal(("client-cancel-op", 1, 1), (cancelled.Id, cancelled.Done, cancelled.Skipped));
        Assert.Equal("finished", cancelled.Skips.Single().Reason);
        Assert.Equal(ChordState.Cancelled, (await chords.WaitAsync(slow.Id)).Status);
        Assert.Equal(["client-cancel-op", redrive.Id], listed.Select(o => o.Id).Take(2));
        await Assert.ThrowsAsync<ChordApiNotFoundException>(() => chords.GetOperationAsync("no-such-operation"));
    }

    [Fact]
    public async Task AChordsWebhookIsAskedForOnSubmitAndItsDeliveriesRead()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 1);
        await using var api = await ApiHost.StartAsync(new TestProbe(), siloSettings: new Dictionary<string, string?>
        {
            ["Chord:Webhooks:AllowedHosts:0"] = "127.0.0.1",
            ["Chord:Webhooks:FirstRetryDelay"] = "00:00:00.050",
        });
        using var services = ClientFor(api);
        var chords = services.GetRequiredService<IChordClient>();

        var chord = await chords.SubmitAsync(new ChordRequest
        {
            Map = new ChordMap("noop", Count: 2),
            Body = new ChordTask("count"),
            Options = new ChordRunOptions { Notify = new ChordWebhook(receiver.Url, [WebhookEventKind.Succeeded]) },
        });
        await receiver.UntilAsync(calls => calls.Any(c => c.Answer == 200), Patience);
        WebhookDeliveryInfo[] deliveries;
        do
        {
            deliveries = await chords.GetDeliveriesAsync(chord.Id);
        }
        while (deliveries is not [{ Status: WebhookDeliveryState.Delivered }]);

        Assert.Equal(receiver.Url, (await chords.GetAsync(chord.Id)).Options!.Notify!.Url);
        var delivery = Assert.Single(deliveries);
        Assert.Equal((WebhookEventKind.Succeeded, $"msg_{chord.Id}_0_succeeded"), (delivery.Event, delivery.EventId));
        Assert.Equal([500, 200], delivery.Attempts.Select(a => a.StatusCode ?? 0));
        await Assert.ThrowsAsync<ChordApiValidationException>(() => chords.SubmitAsync(new ChordRequest
        {
            Map = new ChordMap("noop", Count: 1),
            Body = new ChordTask("count"),
            Options = new ChordRunOptions { Notify = new ChordWebhook("http://192.168.0.1/hook") },
        }));
    }

    [Fact]
    public async Task AThenAndAnOnFailureAreSubmittedWithTheChordAndTheLinksRead()
    {
        await using var api = await ApiHost.StartAsync(new TestProbe());
        using var services = ClientFor(api);
        var chords = services.GetRequiredService<IChordClient>();

        var ok = await chords.SubmitAsync(new ChordRequest
        {
            Map = new ChordMap("fail", Count: 2, Args: new { times = 0 }),
            Body = new ChordTask("collect"),
            Then = new ChordRequest { Map = new ChordMap("noop", ItemsFrom: "results"), Body = new ChordTask("count") },
        });
        var failing = await chords.SubmitAsync(new ChordRequest
        {
            Tasks = [new ChordTask("fail")],
            Body = new ChordTask("count"),
            Options = new ChordRunOptions { Retry = new RetryPolicy(MaxAttempts: 1) },
            OnFailure = new ChordTask("echo"),
        });
        var next = await UntilNextAsync(chords, ok.Id);
        var errback = await UntilNextAsync(chords, failing.Id);

        Assert.Equal(($"{ok.Id}.then", ok.Id), (next, (await chords.WaitAsync(next)).Previous));
        Assert.Equal(2, (await chords.GetAsync(next)).Tasks.Total);
        Assert.Equal($"{failing.Id}.onfailure", errback);
        Assert.Equal(ChordState.Succeeded, (await chords.WaitAsync(errback)).Status);
    }

    private static async Task<string> UntilNextAsync(IChordClient chords, string id)
    {
        for (var i = 0; i < 600; i++)
        {
            if ((await chords.GetAsync(id)).Next is { } next)
            {
                return next;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"chord {id} submitted no next chord");
    }

    [Fact]
    public async Task EveryProblemBecomesItsTypedException()
    {
        await using var api = await ApiHost.StartAsync(new TestProbe());
        using var services = ClientFor(api);
        var chords = services.GetRequiredService<IChordClient>();
        var done = await chords.SubmitAsync(new ChordRequest { Id = "client-errors", Tasks = [new ChordTask("noop")], Body = new ChordTask("count") });
        await chords.WaitAsync(done.Id);

        await Assert.ThrowsAsync<ChordApiNotFoundException>(() => chords.GetAsync("no-such-chord"));
        var invalid = await Assert.ThrowsAsync<ChordApiValidationException>(() =>
            chords.SubmitAsync(new ChordRequest { Tasks = [new ChordTask("no-such-handler")], Body = new ChordTask("count") }));
        Assert.Contains(invalid.Errors.Keys, key => key.StartsWith("tasks[0]", StringComparison.Ordinal));
        await Assert.ThrowsAsync<ChordApiConflictException>(() =>
            chords.SubmitAsync(new ChordRequest { Id = "client-errors", Tasks = [new ChordTask("noop"), new ChordTask("noop")], Body = new ChordTask("count") }));
        var refused = await Assert.ThrowsAsync<ChordApiNotRedrivableException>(() => chords.RedriveAsync(done.Id));
        Assert.Equal(System.Net.HttpStatusCode.Conflict, refused.Status);
        await Assert.ThrowsAsync<ChordApiFinishedException>(() => chords.UpdateOptionsAsync(done.Id, new OptionsChange(MaxConcurrency: 2)));
        var cancelled = await chords.CancelAsync(done.Id);
        Assert.False(cancelled.Accepted); // it had finished
        var page = await Assert.ThrowsAsync<ChordApiValidationException>(() => chords.ListTasksAsync("bad id!").ToListAsync().AsTask());
        Assert.Equal("validation", page.ErrorCode);
    }

    [Fact]
    public async Task AWrongKeyIsUnauthorizedAndMissingOptionsFailWhenTheClientIsMade()
    {
        await using var api = await ApiHost.StartAsync(new TestProbe(), new Dictionary<string, string> { ["Chord:Api:ApiKey"] = "the-right-key-0123456789" });
        using (var wrong = ClientFor(api, o => o.ApiKey = "a-wrong-key-0123456789"))
        {
            await Assert.ThrowsAsync<ChordApiUnauthorizedException>(() => wrong.GetRequiredService<IChordClient>().GetClusterAsync());
        }

        using (var right = ClientFor(api, o => o.ApiKey = "the-right-key-0123456789"))
        {
            Assert.Equal(1, (await right.GetRequiredService<IChordClient>().GetClusterAsync()).Totals.ActiveSilos);
        }

        var services = new ServiceCollection();
        services.AddChordClient(_ => { });
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IChordClient>());
        Assert.Contains("BaseAddress is required", error.Message);
    }

    [Fact]
    public async Task ACallerOverItsLimitGetsTheRetryDelayOnceTheClientsOwnRetriesAreSpent()
    {
        await using var api = await ApiHost.StartAsync(new TestProbe(), new Dictionary<string, string> { ["Chord:Api:StreamsPerCaller"] = "1" });
        using var services = ClientFor(api);
        var chords = services.GetRequiredService<IChordClient>();
        var slow = await chords.SubmitAsync(new ChordRequest { Tasks = [new ChordTask("sleep", new { ms = 20_000 })], Body = new ChordTask("count") });
        await using var held = chords.WatchAsync(slow.Id).GetAsyncEnumerator(); // holds this caller's one stream
        Assert.True(await held.MoveNextAsync());

        var refused = await Assert.ThrowsAsync<ChordApiUnavailableException>(() => chords.WaitAsync(slow.Id));

        Assert.Equal((System.Net.HttpStatusCode.TooManyRequests, "rate-limited"), (refused.Status, refused.ErrorCode));
        Assert.True(refused.RetryAfter >= TimeSpan.FromSeconds(1), $"Retry-After {refused.RetryAfter}");
        await chords.CancelAsync(slow.Id);
    }

    [Fact]
    public async Task ASubmitWhoseAnswerWasLostIsRetriedWithoutRunningTwice()
    {
        var probe = new TestProbe();
        await using var api = await ApiHost.StartAsync(probe);
        var faults = new ClientFaults { LoseFirstSubmitAnswer = true };
        using var services = ClientFor(api, faults: faults);
        var chords = services.GetRequiredService<IChordClient>();

        var submitted = await chords.SubmitAsync(new ChordRequest { Map = new ChordMap("probe", Count: 5), Body = new ChordTask("record-sum") });
        var final = await chords.WaitAsync(submitted.Id);

        Assert.Equal((1, 2), (faults.SubmitAnswersLost, faults.SubmitsSent)); // the answer was lost; the pipeline sent it again
        Assert.Equal(ChordState.Succeeded, final.Status);
        Assert.Equal(5, final.Tasks.Succeeded);
        Assert.Equal(1, probe.BodyInvocations(submitted.Id));
        Assert.Equal([submitted.Id], await chords.ListAsync().Select(c => c.Id).ToListAsync()); // one chord, not two
    }

    [Fact]
    public async Task AWatchWhoseStreamBreaksResumesAfterTheLastVersionItGot()
    {
        await using var api = await ApiHost.StartAsync(new TestProbe());
        var faults = new ClientFaults { CutFirstStreamAfter = 2 }; // after the first two events
        using var services = ClientFor(api, faults: faults);
        var chords = services.GetRequiredService<IChordClient>();
        var submitted = await chords.SubmitAsync(new ChordRequest { Map = new ChordMap("probe", Count: 30, Args: new { ms = 60 }), Body = new ChordTask("sum") });

        var seen = await chords.WatchAsync(submitted.Id).ToListAsync();

        Assert.Equal(1, faults.StreamsCut);
        Assert.True(faults.StreamResumes.Count >= 2, $"{faults.StreamResumes.Count} stream requests");
        Assert.Null(faults.StreamResumes[0]);
        Assert.NotNull(faults.StreamResumes[1]); // the reconnect named the last version it got …
        var resumedAfter = long.Parse(faults.StreamResumes[1]!);
        Assert.Contains(seen, s => s.Version == resumedAfter);
        Assert.Equal(seen.Select(s => s.Version).Distinct().Order(), seen.Select(s => s.Version)); // … and nothing repeated
        Assert.Equal(ChordState.Succeeded, seen[^1].Status);
    }

    private static ServiceProvider ClientFor(ApiHost api, Action<ChordClientOptions>? configure = null, ClientFaults? faults = null)
    {
        var services = new ServiceCollection();
        var http = services.AddChordClient(o =>
        {
            o.BaseAddress = api.BaseAddress;
            configure?.Invoke(o);
        });
        if (faults is not null)
        {
            http.AddHttpMessageHandler(() => faults);
        }

        return services.BuildServiceProvider();
    }
}
