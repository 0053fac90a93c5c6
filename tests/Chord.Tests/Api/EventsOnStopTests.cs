using System.Diagnostics;
using Chord.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chord.Tests.Api;

/// <summary>
/// An open progress stream ends when the API stops: a page left open must not hold the API's shutdown for the
/// host's whole timeout (30 s), which made Ctrl-C on <c>./run.sh</c> slow and ended in a forced stop.
/// </summary>
public sealed class EventsOnStopTests
{
    [Fact]
    public async Task OpenEventStreamsEndAsSoonAsTheApiStops()
    {
        await using var api = await ApiHost.StartAsync(new TestProbe());
        var id = ChordWaits.NewId("stop-events");
        var submitted = await api.Http.PostAsync("/chords", HttpChords.Json($$$"""{"id":"{{{id}}}","map":{"handler":"probe","count":400,"args":{"ms":200}},"body":{"handler":"record-sum"}}"""));
        Assert.Equal(System.Net.HttpStatusCode.Created, submitted.StatusCode);
        var one = api.Http.ReadEventsAsync($"/chords/{id}/events", TimeSpan.FromSeconds(60));
        var many = api.Http.ReadEventsAsync($"/events?ids={id}", TimeSpan.FromSeconds(60));
        await Task.Delay(1_000);
        Assert.False(one.IsCompleted || many.IsCompleted, "a stream ended before the API stopped");

        var clock = Stopwatch.StartNew();
        api.ApiServices.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var events = await Task.WhenAll(one, many).WaitAsync(TimeSpan.FromSeconds(30));
        var ended = clock.Elapsed;

        Assert.True(ended < TimeSpan.FromSeconds(5), $"the streams ended {ended.TotalSeconds:0.0} s after the API began to stop");
        foreach (var stream in events)
        {
            Assert.NotEmpty(stream);
            Assert.DoesNotContain(stream, e => e.Type == "done"); // ended by the stop, not by the chord
        }
    }
}
