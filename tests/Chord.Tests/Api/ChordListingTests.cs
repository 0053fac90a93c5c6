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

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("status=finished", "status")]
    [InlineData("status=1", "status")]
    public async Task BoundsAndUnknownStatusesAre400(string query, string field)
    {
        using var response = await Http.GetAsync($"/chords?{query}");

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }
}
