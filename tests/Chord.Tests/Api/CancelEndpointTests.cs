using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Api;

/// <summary><c>POST /chords/{id}/cancel</c>: 202, idempotent, the body never runs, a finished chord is left alone.</summary>
[Collection(ApiCollection.Name)]
public sealed class CancelEndpointTests(ApiFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task CancellingARunningChordStopsItsTasksAndTheBodyNeverRuns()
    {
        var id = await Http.SubmitAsync("""{"map":{"handler":"probe","count":20,"args":{"ms":60000}},"body":{"handler":"record-sum"},"options":{"maxConcurrency":2}}""");
        await WaitUntilAsync(() => fixture.Probe.RunningNow >= 2);

        using var first = await Http.PostAsync($"/chords/{id}/cancel", null);
        using var again = await Http.PostAsync($"/chords/{id}/cancel", null);
        var final = await fixture.Grains.GetGrain<IChordGrain>(id).FinalAsync(TimeSpan.FromSeconds(20));
        using var afterwards = await Http.PostAsync($"/chords/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal($"/chords/{id}", first.Headers.Location!.OriginalString);
        var accepted = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(accepted.GetProperty("accepted").GetBoolean());
        Assert.Equal("cancelling", accepted.GetProperty("chord").GetProperty("status").GetString());
        Assert.True(again.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK);

        Assert.Equal(ChordStatus.Cancelled, final.Status);
        Assert.Equal(20, final.Tasks.Cancelled);
        Assert.Equal(0, final.Tasks.Succeeded);
        Assert.Equal(0, fixture.Probe.BodyInvocations(id));
        Assert.Equal(0, fixture.Probe.RunningNow); // the two running handlers saw their token cancelled

        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
        var unchanged = await afterwards.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(unchanged.GetProperty("accepted").GetBoolean());
        Assert.Contains("already finished", unchanged.GetProperty("message").GetString());
    }

    [Fact]
    public async Task CancellingAFinishedChordChangesNothing()
    {
        var id = await Http.SubmitAsync("""{"map":{"handler":"noop","count":10},"body":{"handler":"sum"}}""");
        await fixture.Grains.GetGrain<IChordGrain>(id).FinalAsync(TimeSpan.FromSeconds(20));

        using var response = await Http.PostAsync($"/chords/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.GetProperty("accepted").GetBoolean());
        Assert.Equal("succeeded", body.GetProperty("chord").GetProperty("status").GetString());
        Assert.Equal(45, (await Http.GetJsonAsync($"/chords/{id}")).GetProperty("body").GetProperty("result").GetInt32());
    }

    [Fact]
    public async Task CancellingAnUnknownChordIs404AndABadIdIs400()
    {
        using var unknown = await Http.PostAsync($"/chords/{ChordWaits.NewId("none")}/cancel", null);
        using var bad = await Http.PostAsync("/chords/-nope/cancel", null);

        await unknown.ProblemAsync(HttpStatusCode.NotFound);
        await bad.ProblemAsync(HttpStatusCode.BadRequest);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 20 s");
            await Task.Delay(20);
        }
    }
}
