using System.Net;
using System.Text.Json;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Api;

/// <summary><c>/handlers</c>, <c>/health</c>, <c>/alive</c>, the OpenAPI document, the reference page, the progress page.</summary>
[Collection(ApiCollection.Name)]
public sealed class ServiceEndpointsTests(ApiFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task HandlersAreListedWithTheirKindAndLane()
    {
        var handlers = await Http.GetJsonAsync("/handlers");

        var byName = handlers.EnumerateArray().ToDictionary(h => h.GetProperty("name").GetString()!, h => (Kind: h.GetProperty("kind").GetString(), Lane: h.GetProperty("lane").GetString()));
        Assert.Equal(("task", "light"), byName["noop"]);
        Assert.Equal(("task", "heavy"), byName["render-tile"]);
        Assert.Equal(("task", "heavy"), byName["probe"]);
        Assert.Equal(("body", "light"), byName["sum"]);
        Assert.Equal(("body", "heavy"), byName["stitch-poster"]);
    }

    [Fact]
    public async Task HealthAndAliveAnswerWhileTheClusterIsUp()
    {
        using var health = await Http.GetAsync("/health");
        using var alive = await Http.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesEveryRoute()
    {
        var document = await Http.GetJsonAsync("/openapi/v1.json");
        var paths = document.GetProperty("paths");

        foreach (var path in new[] { "/chords", "/chords/{id}", "/chords/{id}/progress", "/chords/{id}/tasks", "/chords/{id}/cancel", "/chords/{id}/events", "/events", "/handlers", "/cluster", "/posters/{chordId}/{file}" })
        {
            Assert.True(paths.TryGetProperty("/v1" + path, out _), $"/v1{path} is missing from the OpenAPI document");
        }

        Assert.True(paths.GetProperty("/v1/chords").TryGetProperty("post", out var submit));
        Assert.True(submit.GetProperty("responses").TryGetProperty("409", out _));
    }

    [Fact]
    public async Task TheOpenApiDocumentSaysWhatIsRequiredDescribesFieldsAndDeclaresTheApiKey()
    {
        var document = await Http.GetJsonAsync("/openapi/v1.json");
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var submit = schemas.GetProperty("SubmitChordRequest");
        var chord = schemas.GetProperty("ChordResponse");
        string[] Required(JsonElement schema) => [.. schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()!).Order()];

        Assert.Equal(["body"], Required(submit)); // the rest may be left out; tasks or map is a oneOf
        Assert.Equal([["tasks"], ["map"]], submit.GetProperty("oneOf").EnumerateArray().Select(Required).ToArray());
        Assert.Equal(["handler"], Required(schemas.GetProperty("TaskRequest")));
        Assert.False(schemas.GetProperty("OptionsRequest").TryGetProperty("required", out var options) && options.GetArrayLength() > 0);
        Assert.Contains("version", Required(chord));
        Assert.Equal("count", submit.GetProperty("examples")[0].GetProperty("body").GetProperty("handler").GetString());
        Assert.Contains("Leave it out", submit.GetProperty("properties").GetProperty("id").GetProperty("description").GetString());
        Assert.Contains("Grows with every change", chord.GetProperty("properties").GetProperty("version").GetProperty("description").GetString());
        Assert.Contains("chord", chord.GetProperty("description").GetString()); // from the XML comment

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal(("apiKey", "header", "X-Api-Key"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("in").GetString(), scheme.GetProperty("name").GetString()));
        Assert.True(document.GetProperty("security")[0].TryGetProperty("ApiKey", out _));
    }

    [Fact]
    public async Task TheReferenceAndTheProgressPageAreServed()
    {
        using var reference = await Http.GetAsync("/scalar/v1");
        using var page = await Http.GetAsync("/");
        using var config = await Http.GetAsync("/ui-config");

        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Equal("text/html", reference.Content.Headers.ContentType!.MediaType);
        Assert.Contains("\"preferredSecurityScheme\":[\"ApiKey\"]", await reference.Content.ReadAsStringAsync()); // the page asks for the key
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("poster-form", await page.Content.ReadAsStringAsync());
        Assert.Contains("/dashboard/", await config.Content.ReadAsStringAsync());
    }
}
