using System.Net;
using System.Text.Json;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Api;

/// <summary><c>GET /chords/{id}/tasks</c>: pages by task index, filters by state, bounds its page size.</summary>
[Collection(ApiCollection.Name)]
public sealed class TaskListingTests(ApiFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task PagesOfAFinishedChordHoldEachTaskOnceInIndexOrder()
    {
        const int n = 300; // three light units of 128
        var id = await Http.SubmitAsync($$$"""{"map":{"handler":"noop","count":{{{n}}}},"body":{"handler":"sum"}}""");
        await fixture.Grains.GetGrain<IChordGrain>(id).FinalAsync(TimeSpan.FromSeconds(30));

        var seen = new List<int>();
        int? offset = 0;
        while (offset is { } at)
        {
            var page = await Http.GetJsonAsync($"/chords/{id}/tasks?offset={at}&limit=70");
            Assert.Equal(n, page.GetProperty("total").GetInt32());
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.True(items.Count is > 0 and <= 70);
            foreach (var item in items)
            {
                seen.Add(item.GetProperty("index").GetInt32());
                Assert.Equal("succeeded", item.GetProperty("state").GetString());
                Assert.Equal("noop", item.GetProperty("handler").GetString());
                Assert.Equal(1, item.GetProperty("attempts").GetInt32());
                Assert.NotEqual(JsonValueKind.Null, item.GetProperty("finishedAt").ValueKind);
            }

            offset = page.GetProperty("next").ValueKind is JsonValueKind.Null ? null : page.GetProperty("next").GetInt32();
        }

        Assert.Equal(Enumerable.Range(0, n), seen);
        var last = await Http.GetJsonAsync($"/chords/{id}/tasks?offset={n - 5}&limit=50");
        Assert.Equal(5, last.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, last.GetProperty("next").ValueKind);
        var beyond = await Http.GetJsonAsync($"/chords/{id}/tasks?offset={n + 10}");
        Assert.Equal(0, beyond.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task StatesOfARunningChordMatchItsCountsAndFilterExactly()
    {
        // Two heavy tasks run (maxConcurrency 2) for a long time; the other six wait.
        var id = await Http.SubmitAsync("""{"map":{"handler":"probe","count":8,"args":{"ms":60000}},"body":{"handler":"sum"},"options":{"maxConcurrency":2}}""");
        try
        {
            // Until a silo says it took them in, the two units sent count as pending.
            for (var deadline = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < deadline; await Task.Delay(10))
            {
                if ((await Http.GetJsonAsync($"/chords/{id}")).GetProperty("tasks").GetProperty("running").GetInt32() == 2)
                {
                    break;
                }
            }

            var running = await Http.GetJsonAsync($"/chords/{id}/tasks?state=running");
            var pending = await Http.GetJsonAsync($"/chords/{id}/tasks?state=pending&limit=4");
            var all = await Http.GetJsonAsync($"/chords/{id}/tasks");

            Assert.Equal([0, 1], Indexes(running));
            Assert.Equal(2, running.GetProperty("total").GetInt32());
            Assert.Equal([2, 3, 4, 5], Indexes(pending));
            Assert.Equal(6, pending.GetProperty("total").GetInt32());
            Assert.Equal(6, pending.GetProperty("next").GetInt32());
            Assert.Equal(["running", "running", "pending", "pending", "pending", "pending", "pending", "pending"],
                all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("state").GetString()!).ToArray());
            Assert.Equal("probe", all.GetProperty("items")[0].GetProperty("handler").GetString());
        }
        finally
        {
            await Http.PostAsync($"/chords/{id}/cancel", null);
        }

        await fixture.Grains.GetGrain<IChordGrain>(id).FinalAsync(TimeSpan.FromSeconds(30));
        var cancelled = await Http.GetJsonAsync($"/chords/{id}/tasks?state=cancelled");
        Assert.Equal(8, cancelled.GetProperty("total").GetInt32());
        Assert.Equal(Enumerable.Range(0, 8), Indexes(cancelled));
        var error = cancelled.GetProperty("items")[0].GetProperty("error");
        Assert.Equal("Cancelled", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task FailedTasksAreFoundByTheFilterWithTheirErrors()
    {
        // fail with times=99 fails every attempt; each task is its own light unit so all of them get to run.
        var id = await Http.SubmitAsync("""
            {"tasks":[{"handler":"noop"},{"handler":"fail","args":{"times":99}},{"handler":"noop"}],"body":{"handler":"count"},"options":{"maxAttempts":2,"maxConcurrency":1}}
            """);
        await fixture.Grains.GetGrain<IChordGrain>(id).FinalAsync(TimeSpan.FromSeconds(30));

        var failed = await Http.GetJsonAsync($"/chords/{id}/tasks?state=failed");

        var item = Assert.Single(failed.GetProperty("items").EnumerateArray());
        Assert.Equal(1, item.GetProperty("index").GetInt32());
        Assert.Equal(2, item.GetProperty("attempts").GetInt32());
        Assert.False(string.IsNullOrEmpty(item.GetProperty("error").GetProperty("message").GetString()));
        Assert.Equal(1, failed.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("offset=-1", "offset")]
    [InlineData("state=done", "state")]
    public async Task PageBoundsAndUnknownStatesAre400(string query, string field)
    {
        var id = await Http.SubmitAsync("""{"map":{"handler":"noop","count":3},"body":{"handler":"count"}}""");

        using var response = await Http.GetAsync($"/chords/{id}/tasks?{query}");

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task AnUnknownChordIs404()
    {
        using var response = await Http.GetAsync($"/chords/{ChordWaits.NewId("none")}/tasks");

        await response.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PurgedRecordsAre410Gone()
    {
        await using var api = await ApiHost.StartAsync(new TestProbe(), engine: o => o.ResultRetention = TimeSpan.Zero);
        var id = await api.Http.SubmitAsync("""{"map":{"handler":"noop","count":5},"body":{"handler":"count"}}""");
        await api.Grains.GetGrain<IChordGrain>(id).FinalAsync(TimeSpan.FromSeconds(30));

        HttpResponseMessage response;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            response = await api.Http.GetAsync($"/chords/{id}/tasks");
        }
        while (response.StatusCode == HttpStatusCode.OK && DateTime.UtcNow < deadline && await Delay());

        var problem = await response.ProblemAsync(HttpStatusCode.Gone);
        Assert.Contains("purged", problem.GetProperty("detail").GetString());
        Assert.Equal(5, (await api.Http.GetJsonAsync($"/chords/{id}")).GetProperty("body").GetProperty("result").GetInt32());
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(100);
        return true;
    }

    private static int[] Indexes(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("index").GetInt32())];
}
