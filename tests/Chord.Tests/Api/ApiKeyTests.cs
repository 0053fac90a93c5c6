using System.Net;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Api;

/// <summary>With an API key configured, every route but health (and the static page shell) needs <c>X-Api-Key</c>.</summary>
public sealed class ApiKeyTests
{
    private const string Key = "test-key-0123456789abcdef";

    [Fact]
    public async Task RoutesNeedTheKeyOnlyWhenOneIsConfigured()
    {
        await using var api = await ApiHost.StartAsync(new TestProbe(), new Dictionary<string, string> { ["Chord:Api:ApiKey"] = Key });

        foreach (var path in new[] { "/chords", "/chords/x", "/chords/x/tasks", "/chords/x/events", "/events?ids=x", "/handlers", "/posters/x/poster.png" })
        {
            using var without = await api.Http.GetAsync(path);
            using var wrong = await Send(api.Http, HttpMethod.Get, path, Key + "x");
            var problem = await without.ProblemAsync(HttpStatusCode.Unauthorized);
            Assert.Contains("X-Api-Key", problem.GetProperty("detail").GetString());
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var submitWithout = await api.Http.PostAsync("/chords", HttpChords.Json("""{"map":{"handler":"noop","count":2},"body":{"handler":"count"}}"""));
        Assert.Equal(HttpStatusCode.Unauthorized, submitWithout.StatusCode);

        using var submit = await Send(api.Http, HttpMethod.Post, "/chords", Key, """{"id":"keyed","map":{"handler":"noop","count":2},"body":{"handler":"count"}}""");
        using var read = await Send(api.Http, HttpMethod.Get, "/chords/keyed", Key);
        Assert.Equal(HttpStatusCode.Created, submit.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);

        foreach (var open in new[] { "/health", "/alive", "/", "/app.js", "/ui-config", "/openapi/v1.json" })
        {
            using var response = await api.Http.GetAsync(open);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{open}: {(int)response.StatusCode}");
        }
    }

    private static async Task<HttpResponseMessage> Send(HttpClient http, HttpMethod method, string path, string key, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Api-Key", key);
        if (json is not null)
        {
            request.Content = HttpChords.Json(json);
        }

        return await http.SendAsync(request);
    }
}
