using System.Net;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Api;

/// <summary><c>GET /chords</c>: recent chords newest first, filtered by status, bounded.</summary>
[Collection(ApiCollection.Name)]
public sealed class ChordListingTests(ApiFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task RecentChordsAreListedNewestFirstAndFilteredByStatus()
    {
        var older = await Http.SubmitAsync("""{"map":{"handler":"noop","count":3},"body":{"handler":"count"}}""");
        await fixture.Grains.GetGrain<IChordGrain>(older).FinalAsync(TimeSpan.FromSeconds(20));
        var running = await Http.SubmitAsync("""{"map":{"handler":"probe","count":4,"args":{"ms":60000}},"body":{"handler":"count"},"options":{"maxConcurrency":1}}""");
        try
        {
            var all = await Http.GetJsonAsync("/chords?limit=100");
            var ids = all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToList();
            Assert.True(ids.IndexOf(running) is >= 0 and var r && ids.IndexOf(older) > r, string.Join(",", ids));

            var onlyRunning = await Http.GetJsonAsync("/chords?status=running&limit=100");
            var runningIds = onlyRunning.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToList();
            Assert.Contains(running, runningIds);
            Assert.DoesNotContain(older, runningIds);
            Assert.All(onlyRunning.GetProperty("items").EnumerateArray(), i => Assert.Equal("running", i.GetProperty("status").GetString()));

            var succeeded = await Http.GetJsonAsync("/chords?status=succeeded");
            Assert.Contains(older, succeeded.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));

            var one = await Http.GetJsonAsync("/chords?limit=1");
            Assert.Equal(1, one.GetProperty("items").GetArrayLength());
        }
        finally
        {
            await Http.PostAsync($"/chords/{running}/cancel", null);
        }
    }

    [Fact]
    public async Task ACursorPagesThroughEveryChordNewestFirstWithoutRepeats()
    {
        var mine = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            mine.Add(await Http.SubmitAsync($$$"""{"id":"{{{ChordWaits.NewId($"page-{i}")}}}","map":{"handler":"noop","count":1},"body":{"handler":"count"}}"""));
        }

        // Other tests' chords are listed too: page through all of them, three at a time.
        var listed = new List<(string Id, DateTimeOffset CreatedAt)>();
        var pages = 0;
        for (string? cursor = null; pages == 0 || cursor is not null; pages++)
        {
            var page = await Http.GetJsonAsync("/chords?limit=3" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            listed.AddRange(page.GetProperty("items").EnumerateArray().Select(c => (c.GetProperty("id").GetString()!, c.GetProperty("createdAt").GetDateTimeOffset())));
            cursor = page.GetProperty("next").GetString();
            Assert.True(pages < 1_000, "the cursor never ended");
        }

        Assert.True(pages >= 3, $"{pages} pages");
        Assert.All(mine, id => Assert.Contains(id, listed.Select(l => l.Id)));
        Assert.Equal(listed.Count, listed.Select(l => l.Id).Distinct().Count());
        Assert.Equal(listed.Select(l => l.CreatedAt).OrderDescending(), listed.Select(l => l.CreatedAt));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("status=finished", "status")]
    [InlineData("status=1", "status")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("cursor=", "cursor")]
    public async Task BoundsAndUnknownStatusesAre400(string query, string field)
    {
        using var response = await Http.GetAsync($"/chords?{query}");

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }
}
