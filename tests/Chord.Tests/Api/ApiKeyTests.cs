using System.Net;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Api;

/// <summary>
/// With API keys configured (the authentication scheme's fallback policy), every route but health, the API's
/// description and the page shell needs one of them in <c>X-Api-Key</c>; several keys are accepted at once (rotation);
/// <c>/metrics</c> is open unless <c>Chord:Api:MetricsRequireKey</c>.
/// </summary>
public sealed class ApiKeyTests
{
    private const string Key = "test-key-0123456789abcdef";

    [Fact]
    public async Task RoutesNeedTheKeyOnlyWhenOneIsConfigured()
    {
        await using var api = await ApiHost.StartAsync(new TestProbe(), new Dictionary<string, string> { ["Chord:Api:ApiKey"] = Key });

        foreach (var path in new[] { "/chords", "/chords/x", "/chords/x/tasks", "/chords/x/events", "/events?ids=x", "/handlers", "/posters/x/poster.png", "/v1/chords", "/v1/cluster", "/no-such-route" })
        {
            using var without = await api.Http.GetAsync(path);
            using var wrong = await Send(api.Http, HttpMethod.Get, path, Key + "x");
            var problem = await without.ProblemAsync(HttpStatusCode.Unauthorized);
            Assert.Contains("X-Api-Key", problem.GetProperty("detail").GetString());
            Assert.Equal("unauthorized", problem.GetProperty("errorCode").GetString());
            Assert.Equal("ApiKey header=\"X-Api-Key\"", without.Headers.WwwAuthenticate.ToString());
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // An EventSource accepts only text/event-stream: it still gets the problem (as JSON), not a 500.
        using var eventSource = new HttpRequestMessage(HttpMethod.Get, "/v1/chords/x/events");
        eventSource.Headers.Accept.ParseAdd("text/event-stream");
        using var streamWithout = await api.Http.SendAsync(eventSource);
        Assert.Equal("unauthorized", (await streamWithout.ProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("errorCode").GetString());

        using var submitWithout = await api.Http.PostAsync("/chords", HttpChords.Json("""{"map":{"handler":"noop","count":2},"body":{"handler":"count"}}"""));
        Assert.Equal(HttpStatusCode.Unauthorized, submitWithout.StatusCode);

        using var submit = await Send(api.Http, HttpMethod.Post, "/chords", Key, """{"id":"keyed","map":{"handler":"noop","count":2},"body":{"handler":"count"}}""");
        using var read = await Send(api.Http, HttpMethod.Get, "/chords/keyed", Key);
        Assert.Equal(HttpStatusCode.Created, submit.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);

        foreach (var open in new[] { "/health", "/alive", "/", "/app.js", "/ui-config", "/openapi/v1.json", "/metrics" })
        {
            using var response = await api.Http.GetAsync(open);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{open}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task DuringARotationEveryListedKeyIsAcceptedAndMetricsCanRequireOne()
    {
        const string old = "old-key-0123456789abcdef", next = "new-key-0123456789abcdef";
        await using var api = await ApiHost.StartAsync(new TestProbe(), new Dictionary<string, string>
        {
            ["Chord:Api:ApiKeys:0"] = old,
            ["Chord:Api:ApiKeys:1"] = next,
            ["Chord:Api:MetricsRequireKey"] = "true",
        });

        using var withOld = await Send(api.Http, HttpMethod.Get, "/v1/handlers", old);
        using var withNew = await Send(api.Http, HttpMethod.Get, "/v1/handlers", next);
        using var withNeither = await Send(api.Http, HttpMethod.Get, "/v1/handlers", Key);
        using var metricsWithout = await api.Http.GetAsync("/metrics");
        using var metricsWith = await Send(api.Http, HttpMethod.Get, "/metrics", next);
        var config = await api.Http.GetJsonAsync("/ui-config");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized), (withOld.StatusCode, withNew.StatusCode, withNeither.StatusCode));
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.OK), (metricsWithout.StatusCode, metricsWith.StatusCode));
        Assert.True(config.GetProperty("apiKeyRequired").GetBoolean());
    }

    [Fact]
    public void AShortKeyInTheListIsRefusedAtStart()
    {
        var error = Assert.ThrowsAny<Exception>(() =>
        {
            using var factory = new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>().WithWebHostBuilder(web => web.UseSetting("Chord:Api:ApiKeys:0", "short"));
            _ = factory.Services;
        });

        Assert.Contains("ApiKeys", error.ToString());
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
