using System.Net;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Api;

/// <summary>Server-sent progress: <c>progress</c> events in version order, one <c>done</c> last, then the stream closes.</summary>
[Collection(ApiCollection.Name)]
public sealed class EventsTests(ApiFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task ARunningChordStreamsGrowingProgressThenDoneThenCloses()
    {
        // 30 heavy tasks of 50 ms, K = 2: about a second of changes.
        var id = await Http.SubmitAsync("""{"map":{"handler":"probe","count":30,"args":{"ms":50}},"body":{"handler":"sum"}}""");

        var events = await Http.ReadEventsAsync($"/chords/{id}/events", TimeSpan.FromSeconds(60));

        Assert.True(events.Count >= 3, $"only {events.Count} events");
        Assert.Equal("done", events[^1].Type);
        Assert.All(events[..^1], e => Assert.Equal("progress", e.Type));
        var versions = events.Select(e => e.Data.GetProperty("version").GetInt64()).ToList();
        Assert.Equal(versions.Order(), versions);
        Assert.Equal(versions.Distinct().Count(), versions.Count);
        var completed = events.Select(e => e.Data.GetProperty("tasks").GetProperty("completed").GetInt32()).ToList();
        Assert.Equal(completed.Order(), completed);
        var done = events[^1].Data;
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.Equal(30, done.GetProperty("tasks").GetProperty("succeeded").GetInt32());
        Assert.Equal(435, done.GetProperty("body").GetProperty("result").GetInt32());
    }

    [Fact]
    public async Task AFinishedChordGetsDoneAtOnce()
    {
        var id = await Http.SubmitAsync("""{"map":{"handler":"noop","count":5},"body":{"handler":"count"}}""");
        await fixture.Grains.GetGrain<IChordGrain>(id).FinalAsync(TimeSpan.FromSeconds(20));

        var events = await Http.ReadEventsAsync($"/chords/{id}/events", TimeSpan.FromSeconds(10));

        var only = Assert.Single(events);
        Assert.Equal("done", only.Type);
        Assert.Equal("succeeded", only.Data.GetProperty("status").GetString());
    }

    [Fact]
    public async Task OneStreamCarriesSeveralChordsAndEndsWhenAllAreDone()
    {
        var quick = await Http.SubmitAsync("""{"map":{"handler":"noop","count":5},"body":{"handler":"count"}}""");
        var slower = await Http.SubmitAsync("""{"map":{"handler":"probe","count":6,"args":{"ms":100}},"body":{"handler":"count"}}""");

        var events = await Http.ReadEventsAsync($"/events?ids={quick},{slower}", TimeSpan.FromSeconds(60));

        foreach (var id in new[] { quick, slower })
        {
            var mine = events.Where(e => e.Data.GetProperty("id").GetString() == id).ToList();
            Assert.Equal("done", mine[^1].Type);
            Assert.Single(mine, e => e.Type == "done");
            var versions = mine.Select(e => e.Data.GetProperty("version").GetInt64()).ToList();
            Assert.Equal(versions.Order(), versions);
        }
    }

    [Theory]
    [InlineData("/chords/none-such-chord-xyz/events", HttpStatusCode.NotFound)]
    [InlineData("/chords/-bad/events", HttpStatusCode.BadRequest)]
    [InlineData("/events", HttpStatusCode.BadRequest)]
    [InlineData("/events?ids=a,%20b%20c", HttpStatusCode.BadRequest)]
    public async Task UnknownAndMalformedStreamsAreProblems(string path, HttpStatusCode expected)
    {
        using var response = await Http.GetAsync(path);

        await response.ProblemAsync(expected);
    }
}
