using System.Net;
using System.Text.Json;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Api;

/// <summary>
/// <c>then</c> and <c>onFailure</c>: a chain of three whose middle link maps over the first body's result, the
/// links' <c>next</c> and <c>previous</c>, labels carried along; an errback run once with the failed snapshot; a
/// continuation that cannot be made recorded as such; and what is refused at submit.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ContinuationTests(ApiFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task AChainOfThreeRunsEachLinkOnceItsMiddleMappingOverTheFirstResult()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var id = ChordWaits.NewId("chain");
        await Http.SubmitAsync($$$$$"""
            {"id":"{{{{{id}}}}}","map":{"handler":"fail","count":3,"args":{"times":0}},"body":{"handler":"collect"},"labels":{"chain":"{{{{{run}}}}}"},
             "then":{"map":{"handler":"noop","itemsFrom":"results"},"body":{"handler":"count"},
                     "then":{"tasks":[{"handler":"noop"}],"body":{"handler":"count"},"labels":{"link":"last"}}}}
            """);

        var last = await fixture.Grains.GetGrain<IChordGrain>($"{id}.then.then").SubmittedThenFinalAsync(TimeSpan.FromSeconds(60)); // waits while it does not exist yet
        var first = await Http.GetJsonAsync($"/v1/chords/{id}");
        var middle = await Http.GetJsonAsync($"/v1/chords/{id}.then");
        var third = await Http.GetJsonAsync($"/v1/chords/{id}.then.then");
        var listed = (await Http.GetJsonAsync($"/v1/chords?label=chain:{run}")).GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToArray();

        Assert.Equal(ChordStatus.Succeeded, last.Status);
        Assert.Equal("""{"results":[0,1,2]}""", first.GetProperty("body").GetProperty("result").GetRawText());
        Assert.Equal(($"{id}.then", JsonValueKind.Null), (first.GetProperty("next").GetString(), first.GetProperty("previous").ValueKind));
        Assert.Equal((id, $"{id}.then.then"), (middle.GetProperty("previous").GetString(), middle.GetProperty("next").GetString()));
        Assert.Equal((3, "3"), (middle.GetProperty("tasks").GetProperty("total").GetInt32(), middle.GetProperty("body").GetProperty("result").GetRawText()));
        Assert.Equal(($"{id}.then", JsonValueKind.Null), (third.GetProperty("previous").GetString(), third.GetProperty("next").ValueKind));
        Assert.Equal(run, middle.GetProperty("labels").GetProperty("chain").GetString()); // carried from the first
        Assert.Equal("last", third.GetProperty("labels").GetProperty("link").GetString()); // its own
        Assert.Equal([$"{id}.then", id], listed);
    }

    [Fact]
    public async Task AFailedChordRunsItsOnFailureOnceWithItsSnapshot()
    {
        var id = ChordWaits.NewId("errback");
        await Http.SubmitAsync($$$$"""{"id":"{{{{id}}}}","tasks":[{"handler":"fail"}],"body":{"handler":"count"},"options":{"maxAttempts":1},"onFailure":{"handler":"echo","args":{"team":"posters"}},"then":{"tasks":[{"handler":"noop"}],"body":{"handler":"count"}}}""");

        var errback = await fixture.Grains.GetGrain<IChordGrain>($"{id}.onfailure").SubmittedThenFinalAsync(TimeSpan.FromSeconds(60));
        var failed = await Http.GetJsonAsync($"/v1/chords/{id}");
        using var then = await Http.GetAsync($"/v1/chords/{id}.then");

        Assert.Equal(ChordStatus.Succeeded, errback.Status);
        Assert.Equal(id, errback.Previous);
        var input = JsonDocument.Parse(errback.Body.Result!).RootElement;
        Assert.Equal((id, "failed"), (input.GetProperty("failed").GetProperty("id").GetString(), input.GetProperty("failed").GetProperty("status").GetString()));
        Assert.Equal("posters", input.GetProperty("args").GetProperty("team").GetString());
        Assert.Equal($"{id}.onfailure", failed.GetProperty("next").GetString());
        Assert.Equal(HttpStatusCode.NotFound, then.StatusCode); // then runs only on success
    }

    [Fact]
    public async Task AThenWhoseItemsAreNotAnArrayIsRecordedAsNotSubmitted()
    {
        var id = ChordWaits.NewId("no-items");
        await Http.SubmitAsync($$$$"""{"id":"{{{{id}}}}","tasks":[{"handler":"noop"}],"body":{"handler":"count"},"then":{"map":{"handler":"noop","itemsFrom":"files"},"body":{"handler":"count"}}}""");

        JsonElement chord;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            await Task.Delay(50);
            chord = await Http.GetJsonAsync($"/v1/chords/{id}");
        }
        while (chord.GetProperty("continuationError").ValueKind is JsonValueKind.Null && DateTime.UtcNow < deadline);

        Assert.Contains("itemsFrom", chord.GetProperty("continuationError").GetString());
        Assert.Equal(JsonValueKind.Null, chord.GetProperty("next").ValueKind);
        using var then = await Http.GetAsync($"/v1/chords/{id}.then");
        Assert.Equal(HttpStatusCode.NotFound, then.StatusCode);
    }

    [Theory]
    [InlineData("""{"map":{"handler":"noop","itemsFrom":"files"},"body":{"handler":"count"}}""", "map.itemsFrom")]
    [InlineData("""{"tasks":[],"body":{"handler":"count"},"then":{"id":"mine","tasks":[],"body":{"handler":"count"}}}""", "then.id")]
    [InlineData("""{"tasks":[],"body":{"handler":"count"},"then":{"tasks":[],"body":{"handler":"nope"}}}""", "then.body.handler")]
    [InlineData("""{"tasks":[],"body":{"handler":"count"},"then":{"map":{"handler":"noop","count":1,"itemsFrom":"a"},"body":{"handler":"count"}}}""", "then.map.itemsFrom")]
    [InlineData("""{"tasks":[],"body":{"handler":"count"},"onFailure":{"handler":"noop"}}""", "onFailure.handler")]
    public async Task ABadContinuationIsRefusedByFieldAndNothingIsCreated(string spec, string field)
    {
        var id = ChordWaits.NewId("bad-then");
        using var response = await Http.PostAsync("/v1/chords", HttpChords.Json(spec.Insert(1, $"\"id\":\"{id}\",")));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        using var read = await Http.GetAsync($"/v1/chords/{id}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }
}
