using System.Net;
using System.Text.Json;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Api;

/// <summary>
/// <c>POST /v1/chords/redrive</c> and <c>/v1/chords/cancel</c> start an operation over chords selected by a filter or
/// named by id; <c>GET /v1/operations/{id}</c> shows it matched, done, skipped (with why) and failed.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class BulkOperationTests(ApiFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task ARedriveByFilterRunsEachFailedChordAgainOnceAndSkipsTheRestWithWhy()
    {
        var run = Guid.NewGuid().ToString("N")[..8]; // this test's chords only: others share the index
        var failing = new List<string>();
        for (var i = 0; i < 30; i++) // more than one of the operation's batches
        {
            failing.Add(await Http.SubmitAsync($$$$"""{"map":{"handler":"fail","count":2,"args":{"times":1}},"body":{"handler":"count"},"labels":{"run":"{{{{run}}}}"},"options":{"retry":{"maxAttempts":1}}}"""));
        }

        var succeeded = await Http.SubmitAsync($$$$"""{"map":{"handler":"noop","count":1},"body":{"handler":"count"},"labels":{"run":"{{{{run}}}}"}}""");
        var otherRun = await Http.SubmitAsync("""{"map":{"handler":"fail","count":1,"args":{"times":1}},"body":{"handler":"count"},"labels":{"run":"other"},"options":{"retry":{"maxAttempts":1}}}""");
        foreach (var id in failing.Append(succeeded).Append(otherRun))
        {
            await fixture.Grains.GetGrain<IChordGrain>(id).FinalAsync(TimeSpan.FromSeconds(30));
        }

        using var started = await Http.PostAsync("/v1/chords/redrive", HttpChords.Json($$$$"""{"filter":{"labels":{"run":"{{{{run}}}}"}}}"""));
        var operation = await OperationAsync(started);
        var done = await CompletedAsync(operation);

        Assert.Equal(31, done.GetProperty("matched").GetInt32());
        Assert.Equal(30, done.GetProperty("done").GetInt32());
        Assert.Equal(1, done.GetProperty("skipped").GetInt32());
        Assert.Equal(0, done.GetProperty("failed").GetInt32());
        Assert.Equal(1, done.GetProperty("skipReasons").GetProperty("succeeded").GetInt32());
        var skip = done.GetProperty("skips").EnumerateArray().Single();
        Assert.Equal((succeeded, "succeeded"), (skip.GetProperty("chordId").GetString(), skip.GetProperty("reason").GetString()));
        foreach (var id in failing)
        {
            var final = await fixture.Grains.GetGrain<IChordGrain>(id).FinalAsync(TimeSpan.FromSeconds(30));
            Assert.Equal((ChordStatus.Succeeded, 1), (final.Status, final.Redrives)); // the fail handler's second attempt succeeds
        }

        Assert.Equal(0, (await fixture.Grains.GetGrain<IChordGrain>(otherRun).GetProgressAsync())!.Redrives);
    }

    [Fact]
    public async Task ACancelByIdsCancelsTheUnfinishedOnesEachOnceAndSkipsFinishedAndUnknownOnes()
    {
        var running = await Http.SubmitAsync("""{"map":{"handler":"sleep","count":4,"args":{"ms":30000}},"body":{"handler":"count"}}""");
        var finished = await Http.SubmitAsync("""{"map":{"handler":"noop","count":1},"body":{"handler":"count"}}""");
        await fixture.Grains.GetGrain<IChordGrain>(finished).FinalAsync(TimeSpan.FromSeconds(30));
        var missing = ChordWaits.NewId("missing");

        using var started = await Http.PostAsync("/v1/chords/cancel", HttpChords.Json($$"""{"ids":["{{running}}","{{finished}}","{{missing}}","{{running}}"]}"""));
        var operation = await OperationAsync(started);
        var done = await CompletedAsync(operation);
        var cancelled = await fixture.Grains.GetGrain<IChordGrain>(running).FinalAsync(TimeSpan.FromSeconds(60));

        Assert.Equal("cancel", done.GetProperty("action").GetString());
        Assert.Equal(3, done.GetProperty("idCount").GetInt32()); // the repeated id once
        Assert.Equal((3, 1, 2, 0), (done.GetProperty("matched").GetInt32(), done.GetProperty("done").GetInt32(), done.GetProperty("skipped").GetInt32(), done.GetProperty("failed").GetInt32()));
        Assert.Equal(1, done.GetProperty("skipReasons").GetProperty("finished").GetInt32());
        Assert.Equal(1, done.GetProperty("skipReasons").GetProperty("not-found").GetInt32());
        Assert.Equal(ChordStatus.Cancelled, cancelled.Status);
        Assert.NotNull(done.GetProperty("finishedAt").GetString());
    }

    [Fact]
    public async Task TheSameIdAndSelectionAnswerTheSameOperationAndADifferentOneConflicts()
    {
        var id = ChordWaits.NewId("op");
        var chord = ChordWaits.NewId("missing");
        using var first = await Http.PostAsync("/v1/chords/cancel", HttpChords.Json($$"""{"id":"{{id}}","ids":["{{chord}}"]}"""));
        using var again = await Http.PostAsync("/v1/chords/cancel", HttpChords.Json($$"""{"id":"{{id}}","ids":["{{chord}}"]}"""));
        using var other = await Http.PostAsync("/v1/chords/redrive", HttpChords.Json($$"""{"id":"{{id}}","ids":["{{chord}}"]}"""));

        Assert.Equal(id, await OperationAsync(first));
        Assert.Equal(id, await OperationAsync(again));
        Assert.Equal("conflicting-spec", (await other.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("errorCode").GetString());
        var listed = await Http.GetJsonAsync("/v1/operations?limit=100");
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), o => o.GetProperty("id").GetString() == id);
    }

    [Theory]
    [InlineData("/v1/chords/redrive", "", "ids")]
    [InlineData("/v1/chords/redrive", "{}", "ids")]
    [InlineData("/v1/chords/cancel", """{"filter":{}}""", "filter")]
    [InlineData("/v1/chords/cancel", """{"ids":["a"],"filter":{"status":"failed"}}""", "ids")]
    [InlineData("/v1/chords/cancel", """{"ids":[]}""", "ids")]
    [InlineData("/v1/chords/cancel", """{"ids":["bad id"]}""", "ids")]
    [InlineData("/v1/chords/redrive", """{"filter":{"status":"sleeping"}}""", "filter.status")]
    [InlineData("/v1/chords/redrive", """{"filter":{"label":["nocolon"]}}""", "filter.label")]
    [InlineData("/v1/chords/redrive?status=failed", """{"ids":["a"]}""", "filter")]
    [InlineData("/v1/chords/redrive?status=sleeping", "", "status")]
    public async Task ABadSelectionIsRefusedByFieldAndStartsNothing(string path, string body, string field)
    {
        var before = (await Http.GetJsonAsync("/v1/operations?limit=100")).GetProperty("items").GetArrayLength();
        using var response = body.Length == 0 ? await Http.PostAsync(path, null) : await Http.PostAsync(path, HttpChords.Json(body));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, (await Http.GetJsonAsync("/v1/operations?limit=100")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task AnUnknownOperationIsNotFound()
    {
        using var response = await Http.GetAsync($"/v1/operations/{ChordWaits.NewId("nope")}");
        Assert.Equal("not-found", (await response.ProblemAsync(HttpStatusCode.NotFound)).GetProperty("errorCode").GetString());
    }

    /// <summary>The started operation's id, checking the 202 and its Location.</summary>
    private static async Task<string> OperationAsync(HttpResponseMessage started)
    {
        var body = await started.Content.ReadAsStringAsync();
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, $"start answered {(int)started.StatusCode}: {body}");
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        Assert.EndsWith($"/v1/operations/{id}", started.Headers.Location!.ToString(), StringComparison.Ordinal);
        return id;
    }

    private async Task<JsonElement> CompletedAsync(string operation)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var state = await Http.GetJsonAsync($"/v1/operations/{operation}");
            if (state.GetProperty("status").GetString() == "completed" || DateTime.UtcNow > deadline)
            {
                Assert.Equal("completed", state.GetProperty("status").GetString());
                return state;
            }

            await Task.Delay(50);
        }
    }
}
