using System.Net;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Api;

/// <summary>
/// Per-caller limits: submits through a token bucket, event streams by how many are open; a caller is its API key
/// when it sends one, else its address. Over a limit: 429 with Retry-After and <c>rate-limited</c>, nothing submitted.
/// </summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task ACallerOverItsSubmitRateGets429AndNothingIsSubmittedWhileAnotherCallerGoesOn()
    {
        await using var api = await ApiHost.StartAsync(new TestProbe(), new Dictionary<string, string>
        {
            ["Chord:Api:SubmitsPerSecond"] = "1",
            ["Chord:Api:SubmitBurst"] = "2",
        });
        var ids = Enumerable.Range(0, 3).Select(i => ChordWaits.NewId($"rate-{i}")).ToArray();

        var answers = new List<HttpResponseMessage>();
        foreach (var id in ids)
        {
            answers.Add(await api.Http.PostAsync("/chords", HttpChords.Json($$$"""{"id":"{{{id}}}","map":{"handler":"noop","count":1},"body":{"handler":"count"}}""")));
        }

        using var other = new HttpRequestMessage(HttpMethod.Post, "/chords") { Content = HttpChords.Json("""{"map":{"handler":"noop","count":1},"body":{"handler":"count"}}""") };
        other.Headers.Add("X-Api-Key", "another-caller-with-its-own-bucket");
        var otherCaller = await api.Http.SendAsync(other);
        var refusedId = await api.Http.GetAsync($"/chords/{ids[2]}");

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created], answers.Take(2).Select(a => a.StatusCode));
        var problem = await answers[2].ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("rate-limited", problem.GetProperty("errorCode").GetString());
        Assert.True(answers[2].Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {answers[2].Headers.RetryAfter}");
        Assert.Equal(HttpStatusCode.NotFound, refusedId.StatusCode);
        Assert.Equal(HttpStatusCode.Created, otherCaller.StatusCode);
    }

    [Fact]
    public async Task ACallerMayHoldOnlyItsShareOfEventStreamsAtOnce()
    {
        await using var api = await ApiHost.StartAsync(new TestProbe(), new Dictionary<string, string> { ["Chord:Api:StreamsPerCaller"] = "1" });
        var id = await api.Http.SubmitAsync("""{"tasks":[{"handler":"sleep","args":{"ms":1500}}],"body":{"handler":"count"}}""");

        var first = await api.Http.GetAsync($"/chords/{id}/events", HttpCompletionOption.ResponseHeadersRead);
        var second = await api.Http.GetAsync($"/events?ids={id}", HttpCompletionOption.ResponseHeadersRead);
        await first.Content.ReadAsStringAsync(); // to its end: the chord finished
        first.Dispose();
        var afterwards = await api.Http.GetAsync($"/chords/{id}/events");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("rate-limited", (await second.ProblemAsync(HttpStatusCode.TooManyRequests)).GetProperty("errorCode").GetString());
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
    }
}
