using System.Net;
using System.Text.Json;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Api;

/// <summary>
/// Labels (who asked and for what) are validated, kept with the chord, shown in its snapshot and events; and
/// <c>GET /v1/chords</c> searches every chord the index keeps by status, handler, labels and creation time, a page at a
/// time, over more chords than one page.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LabelsAndSearchTests(ApiFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task LabelsAreKeptShownInTheSnapshotAndCarriedByEvents()
    {
        var id = await Http.SubmitAsync("""{"map":{"handler":"noop","count":3},"body":{"handler":"count"},"labels":{"team":"posters","order":"A-1234"}}""");

        var snapshot = await Http.GetJsonAsync($"/v1/chords/{id}");
        var events = await Http.ReadEventsAsync($"/v1/chords/{id}/events", TimeSpan.FromSeconds(30));

        Assert.Equal("posters", snapshot.GetProperty("labels").GetProperty("team").GetString());
        Assert.Equal("A-1234", snapshot.GetProperty("labels").GetProperty("order").GetString());
        Assert.All(events, e => Assert.Equal("posters", e.Data.GetProperty("labels").GetProperty("team").GetString()));
        var plain = await Http.SubmitAsync("""{"map":{"handler":"noop","count":1},"body":{"handler":"count"}}""");
        Assert.Equal(JsonValueKind.Null, (await Http.GetJsonAsync($"/v1/chords/{plain}")).GetProperty("labels").ValueKind);
    }

    [Theory]
    [InlineData("""{"bad key":"x"}""", "labels.bad key")]
    [InlineData("""{"-dash":"x"}""", "labels.-dash")]
    [InlineData("""{"k":"line\nbreak"}""", "labels.k")]
    [InlineData("""{"a":"1","b":"2","c":"3","d":"4","e":"5","f":"6","g":"7","h":"8","i":"9","j":"10","k":"11","l":"12","m":"13","n":"14","o":"15","p":"16","q":"17"}""", "labels")]
    public async Task BadLabelsAreRefusedByFieldAndNothingIsCreated(string labels, string field)
    {
        var id = ChordWaits.NewId("bad-labels");
        using var response = await Http.PostAsync("/v1/chords", HttpChords.Json($$"""{"id":"{{id}}","map":{"handler":"noop","count":1},"body":{"handler":"count"},"labels":{{labels}}}"""));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        using var read = await Http.GetAsync($"/v1/chords/{id}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task SearchFiltersByLabelsHandlerStatusAndTimeOverSeveralPages()
    {
        var run = Guid.NewGuid().ToString("N")[..8]; // this test's chords only: other tests' chords share the index
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var submitted = new List<(string Id, string Team, string Handler)>();
        for (var i = 0; i < 24; i++)
        {
            var (team, handler) = (i % 3 == 0 ? "a" : "b", i % 4 == 0 ? "fail" : "noop");
            var id = await Http.SubmitAsync($$$$"""{"map":{"handler":"{{{{handler}}}}","count":1,"args":{"times":-1}},"body":{"handler":"count"},"labels":{"run":"{{{{run}}}}","team":"{{{{team}}}}"},"options":{"retry":{"maxAttempts":1}}}""");
            submitted.Add((id, team, handler));
        }

        foreach (var (id, _, _) in submitted)
        {
            await fixture.Grains.GetGrain<IChordGrain>(id).FinalAsync(TimeSpan.FromSeconds(30));
        }

        var teamA = await SearchAsync($"label=run:{run}&label=team:a", pageSize: 3);
        var failing = await SearchAsync($"label=run:{run}&handler=fail", pageSize: 4);
        var failedB = await SearchAsync($"label=run:{run}&label=team:b&status=failed", pageSize: 2);
        var all = await SearchAsync($"label=run:{run}&createdAfter={Uri.EscapeDataString(before.ToString("O"))}", pageSize: 5);
        var none = await SearchAsync($"label=run:{run}&createdBefore={Uri.EscapeDataString(before.ToString("O"))}", pageSize: 5);

        Assert.Equal(submitted.Where(c => c.Team == "a").Select(c => c.Id).Reverse(), teamA); // newest first, across pages
        Assert.Equal(submitted.Where(c => c.Handler == "fail").Select(c => c.Id).ToHashSet(), failing.ToHashSet());
        Assert.Equal(submitted.Where(c => c.Team == "b" && c.Handler == "fail").Select(c => c.Id).ToHashSet(), failedB.ToHashSet());
        Assert.Equal(24, all.Count);
        Assert.Empty(none);

        using var bad = await Http.GetAsync("/v1/chords?label=no-colon");
        Assert.Equal("label", (await bad.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").EnumerateObject().Single().Name);
    }

    private async Task<List<string>> SearchAsync(string filter, int pageSize)
    {
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Http.GetJsonAsync($"/v1/chords?{filter}&limit={pageSize}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            Assert.True(page.GetProperty("items").GetArrayLength() <= pageSize);
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetString()!));
            cursor = page.GetProperty("next").GetString();
        }
        while (cursor is not null && ids.Count < 1_000);

        return ids;
    }
}
