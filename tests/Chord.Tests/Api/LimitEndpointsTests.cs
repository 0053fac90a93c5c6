using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Api;

/// <summary>
/// <c>/v1/limits</c>: a key's or handler's limits overridden while the cluster runs, read back with where they come
/// from, refused with a ProblemDetails naming each bad field, and dropped again; a chord's <c>keyLimit</c> is checked
/// against the override in effect.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LimitEndpointsTests(ApiFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task AKeysLimitsAreOverriddenReadBackAndDropped()
    {
        var key = ChordWaits.NewId("tenant");
        using var set = await Http.PutAsJsonAsync($"/v1/limits/keys/{key}", new { maxRunning = 2, ratePerSecond = 5.5, weight = 3 });
        var listed = await Http.GetFromJsonAsync<JsonElement>("/v1/limits");
        using var one = await Http.GetAsync($"/v1/limits/keys/{key}");
        using var tooHigh = await Http.PostAsync("/v1/chords", HttpChords.Json($$$"""{"map":{"handler":"sleep","count":1},"body":{"handler":"count"},"options":{"key":"{{{key}}}","keyLimit":3}}"""));
        using var dropped = await Http.DeleteAsync($"/v1/limits/keys/{key}");
        using var droppedAgain = await Http.DeleteAsync($"/v1/limits/keys/{key}");
        using var gone = await Http.GetAsync($"/v1/limits/keys/{key}");

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var entry = await set.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((key, 2, 5.5, 3, "override"), (entry.GetProperty("name").GetString(), entry.GetProperty("maxRunning").GetInt32(), entry.GetProperty("ratePerSecond").GetDouble(), entry.GetProperty("weight").GetInt32(), entry.GetProperty("source").GetString()));
        Assert.Contains(listed.GetProperty("keys").EnumerateArray(), k => k.GetProperty("name").GetString() == key && k.GetProperty("maxRunning").GetInt32() == 2);
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        var problem = await tooHigh.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("at most the key's limit, 2", problem.GetProperty("errors").GetProperty("options.keyLimit")[0].GetString());
        Assert.Equal(HttpStatusCode.NoContent, dropped.StatusCode);
        await droppedAgain.ProblemAsync(HttpStatusCode.NotFound);
        await gone.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task BadLimitsAre400NamingEachField()
    {
        using var key = await Http.PutAsJsonAsync("/v1/limits/keys/ok-key", new { maxRunning = 0, ratePerSecond = -1, burst = 0, weight = 0 });
        using var handler = await Http.PutAsJsonAsync("/v1/limits/handlers/sleep", new { maxRunning = 2, weight = 2 });
        using var name = await Http.PutAsJsonAsync("/v1/limits/keys/-bad name", new { maxRunning = 2 });

        var keyErrors = (await key.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.Equal(["burst", "maxRunning", "ratePerSecond", "weight"], keyErrors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Contains("weight", (await handler.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Contains("name", (await name.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        var listed = await Http.GetFromJsonAsync<JsonElement>("/v1/limits");
        Assert.DoesNotContain(listed.GetProperty("keys").EnumerateArray(), k => k.GetProperty("name").GetString() == "ok-key"); // nothing half-set
        Assert.DoesNotContain(listed.GetProperty("handlers").EnumerateArray(), k => k.GetProperty("name").GetString() == "sleep");
    }

    [Fact]
    public async Task AKeyLimitedOnlyByAChordsKeyLimitIsListedInTheClusterViewWithIt()
    {
        var key = ChordWaits.NewId("own-cap");
        var id = await Http.SubmitAsync($$$"""{"map":{"handler":"sleep","count":3,"args":{"ms":20000}},"body":{"handler":"count"},"options":{"key":"{{{key}}}","keyLimit":1}}""");
        try
        {
            JsonElement row = default;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            do
            {
                await Task.Delay(200);
                var cluster = await Http.GetFromJsonAsync<JsonElement>("/v1/cluster");
                row = cluster.GetProperty("keys").EnumerateArray().FirstOrDefault(k => k.GetProperty("name").GetString() == key);
            }
            while ((row.ValueKind != JsonValueKind.Object || row.GetProperty("waiting").GetInt32() == 0) && DateTime.UtcNow < deadline);

            Assert.Equal(JsonValueKind.Object, row.ValueKind);
            Assert.Equal((1, 1, JsonValueKind.Null), (row.GetProperty("maxRunning").GetInt32(), row.GetProperty("running").GetInt32(), row.GetProperty("source").ValueKind));
        }
        finally
        {
            await fixture.Grains.GetGrain<IChordGrain>(id).CancelAsync();
        }
    }
}
