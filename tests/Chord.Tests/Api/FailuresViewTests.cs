using System.Net;
using System.Text.Json;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Api;

/// <summary>
/// <c>GET /v1/failures</c>: failed tasks of every retained chord grouped by handler and error type, with exact counts
/// (more failures per chord than a snapshot lists), the chords they came from, a sample with its stack trace, and
/// filters by labels, handler, error type and time.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class FailuresViewTests(ApiFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task FailedTasksAreGroupedByHandlerAndErrorTypeWithExactCountsSamplesAndFilters()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var tolerant = """{"retry":{"maxAttempts":1},"toleratedFailurePercent":100,"taskTimeoutMs":200}""";
        var older = await Http.SubmitAsync($$$"""{"map":{"handler":"fail","count":25,"args":{"times":-1}},"body":{"handler":"count"},"labels":{"run":"{{{run}}}"},"options":{{{tolerant}}}}""");
        await fixture.Grains.GetGrain<IChordGrain>(older).FinalAsync(TimeSpan.FromSeconds(30));
        var between = DateTimeOffset.UtcNow;
        var newer = await Http.SubmitAsync($$$"""{"tasks":[{"handler":"fail","args":{"times":-1}},{"handler":"fail","args":{"times":-1}},{"handler":"fail","args":{"times":-1}},{"handler":"sleep","args":{"ms":5000}},{"handler":"sleep","args":{"ms":5000}},{"handler":"noop"}],"body":{"handler":"count"},"labels":{"run":"{{{run}}}"},"options":{{{tolerant}}}}""");
        await fixture.Grains.GetGrain<IChordGrain>(newer).FinalAsync(TimeSpan.FromSeconds(30));

        var all = await UntilAsync($"label=run:{run}", groups => groups.Sum(g => g.GetProperty("count").GetInt64()) == 30);
        var timeouts = await Http.GetJsonAsync($"/v1/failures?label=run:{run}&errorType=Timeout");
        var sinceBetween = await Http.GetJsonAsync($"/v1/failures?label=run:{run}&since={Uri.EscapeDataString(between.ToString("O"))}&handler=fail");

        var fail = all[0]; // most first
        Assert.Equal(("fail", "InvalidOperationException", 28L, 2), (fail.GetProperty("handler").GetString(), fail.GetProperty("errorType").GetString(), fail.GetProperty("count").GetInt64(), fail.GetProperty("chords").GetInt32()));
        Assert.Equal([newer, older], fail.GetProperty("latest").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        var sample = fail.GetProperty("sample");
        Assert.Equal((newer, 0), (sample.GetProperty("chordId").GetString(), sample.GetProperty("index").GetInt32()));
        Assert.Contains("failed on purpose", sample.GetProperty("message").GetString());
        Assert.Contains("InvalidOperationException", sample.GetProperty("stackTrace").GetString());
        var sleep = Assert.Single(timeouts.GetProperty("groups").EnumerateArray());
        Assert.Equal(("sleep", 2L, 1), (sleep.GetProperty("handler").GetString(), sleep.GetProperty("count").GetInt64(), sleep.GetProperty("chords").GetInt32()));
        var recent = Assert.Single(sinceBetween.GetProperty("groups").EnumerateArray());
        Assert.Equal(3L, recent.GetProperty("count").GetInt64()); // only the newer chord's

        var snapshot = await Http.GetJsonAsync($"/v1/chords/{older}");
        Assert.Equal(10, snapshot.GetProperty("failures").GetArrayLength()); // the snapshot lists ten …
        Assert.Equal(25, snapshot.GetProperty("failureGroups")[0].GetProperty("count").GetInt32()); // … its groups count all
        using var bad = await Http.GetAsync("/v1/failures?label=nope");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    /// <summary>The groups once <paramref name="done"/> holds (the index hears of failures lazily, within a moment).</summary>
    private async Task<List<JsonElement>> UntilAsync(string filter, Func<List<JsonElement>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var groups = (await Http.GetJsonAsync($"/v1/failures?{filter}")).GetProperty("groups").EnumerateArray().ToList();
            if (done(groups) || DateTime.UtcNow > deadline)
            {
                return groups;
            }

            await Task.Delay(100);
        }
    }
}
