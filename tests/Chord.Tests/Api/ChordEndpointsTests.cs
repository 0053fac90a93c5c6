using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Api;

/// <summary><c>POST /chords</c> and <c>GET /chords/{id}</c> through the real HTTP pipeline.</summary>
[Collection(ApiCollection.Name)]
public sealed class ChordEndpointsTests(ApiFixture fixture)
{
    private HttpClient Http => fixture.Http;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;


    [Fact]
    public async Task SubmitThenPollUntilTheSumArrives()
    {
        const int n = 2_000;
        var response = await Http.PostAsync("/chords", HttpChords.Json($$$"""{"map":{"handler":"noop","count":{{{n}}}},"body":{"handler":"sum"}}"""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal($"/chords/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal(n, created.GetProperty("tasks").GetProperty("total").GetInt32());
        Assert.Equal("pending", created.GetProperty("body").GetProperty("status").GetString());

        var final = await fixture.Grains.GetGrain<IChordGrain>(id).FinalAsync(TimeSpan.FromSeconds(60));
        var read = await Http.GetFromJsonAsync<JsonElement>($"/chords/{id}", Ct);

        Assert.Equal(ChordStatus.Succeeded, final.Status);
        Assert.Equal("succeeded", read.GetProperty("status").GetString());
        var tasks = read.GetProperty("tasks");
        Assert.Equal(n, tasks.GetProperty("succeeded").GetInt32());
        Assert.Equal(n, tasks.GetProperty("completed").GetInt32());
        Assert.Equal(0, tasks.GetProperty("pending").GetInt32());
        var body = read.GetProperty("body");
        Assert.Equal("success", body.GetProperty("status").GetString());
        Assert.Equal((long)n * (n - 1) / 2, body.GetProperty("result").GetInt64());
        Assert.NotEqual(JsonValueKind.Null, read.GetProperty("finishedAt").ValueKind);
    }

    [Fact]
    public async Task TheSeedsProgressViewAnswersItsFourFieldsInItsOwnWords()
    {
        // Running: the body waits (pending) while a slow task holds the chord open.
        var running = await Http.SubmitAsync("""{"tasks":[{"handler":"noop"},{"handler":"sleep","args":{"ms":1500}}],"body":{"handler":"count"}}""");
        var during = await Http.GetJsonAsync($"/chords/{running}/progress");
        var succeeded = await Http.SubmitAsync("""{"map":{"handler":"noop","count":10},"body":{"handler":"sum"}}""");
        var failed = await Http.SubmitAsync("""{"tasks":[{"handler":"noop"}],"body":{"handler":"fail-body","args":{"times":5}},"options":{"maxAttempts":1}}""");
        await fixture.Grains.GetGrain<IChordGrain>(running).FinalAsync(TimeSpan.FromSeconds(60));
        await fixture.Grains.GetGrain<IChordGrain>(succeeded).FinalAsync(TimeSpan.FromSeconds(60));
        await fixture.Grains.GetGrain<IChordGrain>(failed).FinalAsync(TimeSpan.FromSeconds(60));
        var done = await Http.GetJsonAsync($"/chords/{succeeded}/progress");
        var failure = await Http.GetJsonAsync($"/chords/{failed}/progress");
        var unknown = await Http.GetAsync("/chords/no-such-chord/progress", Ct);

        Assert.Equal(["tasks_completed", "tasks_total", "status", "result"], done.EnumerateObject().Select(p => p.Name));
        Assert.Equal((2, "pending", JsonValueKind.Null), (during.GetProperty("tasks_total").GetInt32(), during.GetProperty("status").GetString(), during.GetProperty("result").ValueKind));
        Assert.InRange(during.GetProperty("tasks_completed").GetInt32(), 0, 1);
        Assert.Equal((10, 10, "successful", "45"), (done.GetProperty("tasks_completed").GetInt32(), done.GetProperty("tasks_total").GetInt32(), done.GetProperty("status").GetString(), done.GetProperty("result").GetRawText()));
        Assert.Equal(("failure", JsonValueKind.Null), (failure.GetProperty("status").GetString(), failure.GetProperty("result").ValueKind));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task ASnapshotHasAnETagOfItsVersionAndIfNoneMatchAnswers304UntilItChanges()
    {
        var id = await Http.SubmitAsync("""{"tasks":[{"handler":"sleep","args":{"ms":1000}}],"body":{"handler":"count"}}""");
        var first = await Http.GetAsync($"/chords/{id}", Ct);
        var etag = first.Headers.ETag!;

        using var same = new HttpRequestMessage(HttpMethod.Get, $"/chords/{id}");
        same.Headers.IfNoneMatch.Add(etag);
        var unchanged = await Http.SendAsync(same, Ct);
        await fixture.Grains.GetGrain<IChordGrain>(id).FinalAsync(TimeSpan.FromSeconds(30));
        using var later = new HttpRequestMessage(HttpMethod.Get, $"/chords/{id}");
        later.Headers.IfNoneMatch.Add(etag);
        var changed = await Http.SendAsync(later, Ct);

        var version = (await first.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("version").GetInt64();
        Assert.EndsWith($"-{version}\"", etag.Tag);
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Empty(await unchanged.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        Assert.Equal("succeeded", (await changed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task TheApiLivesUnderV1AndItsUnprefixedRoutesAreAliasesThatKeepTheirForm()
    {
        var created = await Http.PostAsync("/v1/chords", HttpChords.Json("""{"map":{"handler":"noop","count":3},"body":{"handler":"sum"}}"""), Ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        await fixture.Grains.GetGrain<IChordGrain>(id).FinalAsync(TimeSpan.FromSeconds(30));
        var viaV1 = await Http.GetJsonAsync($"/v1/chords/{id}");
        var viaAlias = await Http.GetJsonAsync($"/chords/{id}");
        var handlers = await Http.GetAsync("/v1/handlers", Ct);
        var openApi = await Http.GetJsonAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/v1/chords/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal(("succeeded", "succeeded"), (viaV1.GetProperty("status").GetString(), viaAlias.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.OK, handlers.StatusCode);
        var paths = openApi.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/v1/chords", paths);
        Assert.DoesNotContain("/chords", paths); // the aliases are not documented
    }

    [Fact]
    public async Task RetryAndBodyRetryOptionsAreHonoured()
    {
        // The task fails once and the body once: each is retried by its own options (the shorthand says 1 attempt).
        var id = await Http.SubmitAsync("""{"tasks":[{"handler":"fail","args":{"times":1}}],"body":{"handler":"fail-body","args":{"times":1}},"options":{"maxAttempts":1,"retry":{"maxAttempts":2,"backoffMs":1,"maxBackoffMs":5},"bodyRetry":{"maxAttempts":2,"backoffMs":1}}}""");
        var final = await fixture.Grains.GetGrain<IChordGrain>(id).FinalAsync(TimeSpan.FromSeconds(60));
        var snapshot = await Http.GetJsonAsync($"/chords/{id}");

        Assert.Equal(ChordStatus.Succeeded, final.Status);
        Assert.Equal(("succeeded", 2, "1"), (snapshot.GetProperty("status").GetString(), snapshot.GetProperty("body").GetProperty("attempts").GetInt32(), snapshot.GetProperty("body").GetProperty("result").GetRawText()));
    }

    [Fact]
    public async Task PatchingOptionsWidensARunningChordAndIsRefusedWhenInvalidUnknownOrFinished()
    {
        var id = await Http.SubmitAsync("""{"map":{"handler":"sleep","count":40,"args":{"ms":100}},"body":{"handler":"count"},"options":{"maxConcurrency":1}}""");

        using var widened = await Http.PatchAsync($"/chords/{id}/options", HttpChords.Json("""{"maxConcurrency":4}"""));
        var widenedBody = JsonDocument.Parse(await widened.Content.ReadAsStringAsync()).RootElement;
        var mostHeld = 0; // tasks silos held at once (queued or running): more than 1 once widened, never more than 4
        for (var deadline = DateTime.UtcNow.AddSeconds(10); mostHeld < 4 && DateTime.UtcNow < deadline; await Task.Delay(10))
        {
            var tasks = (await Http.GetJsonAsync($"/chords/{id}")).GetProperty("tasks");
            mostHeld = Math.Max(mostHeld, tasks.GetProperty("running").GetInt32() + tasks.GetProperty("queued").GetInt32());
        }

        using var invalid = await Http.PatchAsync($"/chords/{id}/options", HttpChords.Json("""{"maxConcurrency":0}"""));
        using var prioritized = await Http.PatchAsync($"/chords/{id}/options", HttpChords.Json("""{"priority":"high"}"""));
        using var badPriority = await Http.PatchAsync($"/chords/{id}/options", HttpChords.Json("""{"priority":"urgent"}"""));
        using var unknown = await Http.PatchAsync("/chords/no-such-chord/options", HttpChords.Json("""{"maxConcurrency":2}"""));
        await fixture.Grains.GetGrain<IChordGrain>(id).FinalAsync(TimeSpan.FromSeconds(60));
        using var finished = await Http.PatchAsync($"/chords/{id}/options", HttpChords.Json("""{"maxConcurrency":2}"""));

        Assert.Equal(HttpStatusCode.OK, widened.StatusCode);
        Assert.Equal(4, widenedBody.GetProperty("options").GetProperty("maxConcurrency").GetInt32());
        Assert.Equal(4, mostHeld); // 4 units of 1 in flight at once
        Assert.True((await invalid.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("maxConcurrency", out _));
        Assert.Equal(HttpStatusCode.OK, prioritized.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPriority.StatusCode);
        await unknown.ProblemAsync(HttpStatusCode.NotFound);
        await finished.ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task RedriveAnswers202ForAFailedChordAnd409WhileItRunsOrOnceItSucceeded()
    {
        var id = await Http.SubmitAsync("""{"tasks":[{"handler":"noop"},{"handler":"fail","args":{"times":1}}],"body":{"handler":"sum"},"options":{"maxAttempts":1}}""");
        var grain = fixture.Grains.GetGrain<IChordGrain>(id);
        var failed = await grain.FinalAsync(TimeSpan.FromSeconds(30));

        using var redriven = await Http.PostAsync($"/chords/{id}/redrive", null);
        using var whileRunning = await Http.PostAsync($"/chords/{id}/redrive", null);
        var final = await grain.FinalAsync(TimeSpan.FromSeconds(30));
        using var afterSuccess = await Http.PostAsync($"/chords/{id}/redrive", null);
        using var unknown = await Http.PostAsync($"/chords/{ChordWaits.NewId("none")}/redrive", null);
        var snapshot = await Http.GetJsonAsync($"/chords/{id}");

        Assert.Equal(ChordStatus.Failed, failed.Status);
        Assert.Equal(HttpStatusCode.Accepted, redriven.StatusCode);
        var accepted = JsonDocument.Parse(await redriven.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(1, accepted.GetProperty("redrives").GetInt32());
        Assert.True(whileRunning.StatusCode is HttpStatusCode.Conflict || final.Status is ChordStatus.Succeeded); // it may have finished already
        Assert.Equal(ChordStatus.Succeeded, final.Status);
        Assert.Equal("1", final.Body.Result); // 0 + 1: the failed task's second attempt succeeded
        await afterSuccess.ProblemAsync(HttpStatusCode.Conflict);
        await unknown.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(1, snapshot.GetProperty("redrives").GetInt32());
    }

    [Fact]
    public async Task TheSnapshotEchoesTheOptionsInEffect()
    {
        var id = await Http.SubmitAsync("""{"map":{"handler":"noop","count":3},"body":{"handler":"sum"},"options":{"maxConcurrency":7,"retry":{"maxAttempts":5},"taskTimeoutMs":9000,"heartbeatTimeoutMs":4000,"bodyTimeoutMs":15000,"toleratedFailurePercent":12.5,"priority":"low"}}""");
        await fixture.Grains.GetGrain<IChordGrain>(id).FinalAsync(TimeSpan.FromSeconds(30));

        var options = (await Http.GetJsonAsync($"/chords/{id}")).GetProperty("options");

        Assert.Equal(7, options.GetProperty("maxConcurrency").GetInt32());
        Assert.Equal(5, options.GetProperty("retry").GetProperty("maxAttempts").GetInt32());
        Assert.True(options.GetProperty("retry").GetProperty("backoffMs").GetInt32() > 0); // the silo's default filled in
        Assert.Equal(3, options.GetProperty("bodyRetry").GetProperty("maxAttempts").GetInt32());
        Assert.Equal(9000, options.GetProperty("taskTimeoutMs").GetInt32());
        Assert.Equal(4000, options.GetProperty("heartbeatTimeoutMs").GetInt32());
        Assert.Equal(15000, options.GetProperty("bodyTimeoutMs").GetInt32());
        Assert.Equal(12.5, options.GetProperty("toleratedFailurePercent").GetDouble());
        Assert.Equal("low", options.GetProperty("priority").GetString());
    }

    [Fact]
    public async Task AClientChosenIdIsKeptAndResubmittingIsIdempotent()
    {
        var id = ChordWaits.NewId("api");
        var spec = $$$"""{"id":"{{{id}}}","tasks":[{"handler":"noop","args":{"a":1}}],"body":{"handler":"count"}}""";

        var first = await Http.PostAsync("/chords", HttpChords.Json(spec));
        var again = await Http.PostAsync("/chords", HttpChords.Json(spec));
        var different = await Http.PostAsync("/chords", HttpChords.Json($$$"""{"id":"{{{id}}}","tasks":[{"handler":"noop"}],"body":{"handler":"count"}}"""));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, different.StatusCode);
        Assert.Equal("application/problem+json", different.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task AnUnknownIdIs404ProblemDetails()
    {
        var response = await Http.GetAsync($"/chords/{ChordWaits.NewId("none")}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("""{"tasks":[{"handler":"nope"}],"body":{"handler":"sum"}}""", "tasks[0].handler")]
    [InlineData("""{"map":{"handler":"noop","count":-1},"body":{"handler":"sum"}}""", "map.count")]
    [InlineData("""{"map":{"handler":"noop"},"body":{"handler":"sum"}}""", "map.count")]
    [InlineData("""{"tasks":[{"handler":"noop"}]}""", "body")]
    [InlineData("""{"id":"bad id!","tasks":[{"handler":"noop"}],"body":{"handler":"sum"}}""", "id")]
    [InlineData("""{"id":"","tasks":[{"handler":"noop"}],"body":{"handler":"sum"}}""", "id")]
    [InlineData("""{"tasks":[{"handler":"noop"}],"map":{"handler":"noop","count":1},"body":{"handler":"sum"}}""", "tasks")]
    [InlineData("""{"tasks":[{"handler":"noop"}],"body":{"handler":"sum"},"options":{"maxConcurrency":0}}""", "options.maxConcurrency")]
    [InlineData("""{"tasks":[{"handler":"noop"}],"body":{"handler":"sum"},"options":{"retry":{"backoffMs":-5}}}""", "options.retry.backoffMs")]
    [InlineData("""{"tasks":[{"handler":"noop"}],"body":{"handler":"sum"},"options":{"bodyRetry":{"maxAttempts":0}}}""", "options.bodyRetry.maxAttempts")]
    [InlineData("""{"tasks":[{"handler":"noop"}],"body":{"handler":"sum"},"options":{"taskTimeoutMs":0}}""", "options.taskTimeoutMs")]
    public async Task InvalidSpecsAre400NamingTheFieldAndCreateNothing(string json, string field)
    {
        var response = await Http.PostAsync("/chords", HttpChords.Json(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for '{field}' in {problem}");
    }

    [Fact]
    public async Task AnInvalidSpecWithAnIdLeavesThatIdUnknown()
    {
        var id = ChordWaits.NewId("invalid");

        var rejected = await Http.PostAsync("/chords", HttpChords.Json($$$"""{"id":"{{{id}}}","tasks":[{"handler":"nope"}],"body":{"handler":"sum"}}"""));
        var read = await Http.GetAsync($"/chords/{id}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"tasks":"many","body":{"handler":"sum"}}""")]
    [InlineData("")]
    public async Task MalformedJsonIs400NotA500(string json)
    {
        var response = await Http.PostAsync("/chords", HttpChords.Json(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
