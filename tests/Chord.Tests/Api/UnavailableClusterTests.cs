using System.Net;
using System.Text;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Api;

/// <summary>With no silo to answer, the API says 503 with Retry-After, never a bare 500; <c>/health</c> says so, <c>/alive</c> does not.</summary>
public sealed class UnavailableClusterTests
{
    [Fact]
    public async Task CallsWhileTheSiloIsGoneAre503WithRetryAfter()
    {
        await using var api = await ApiHost.StartAsync(new TestProbe());
        await api.Silo.StopAsync();

        var read = await api.Http.GetAsync("/chords/anything");
        var submit = await api.Http.PostAsync("/chords", new StringContent("""{"tasks":[{"handler":"noop"}],"body":{"handler":"sum"}}""", Encoding.UTF8, "application/json"));

        foreach (var response in new[] { read, submit })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }

        using var health = await api.Http.GetAsync("/health");
        using var alive = await api.Http.GetAsync("/alive");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("Unhealthy", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }
}
