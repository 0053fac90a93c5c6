using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Api;

/// <summary>
/// What SSE clients rely on: every event of a chord's stream has its version as <c>id</c> and the first says how soon
/// to reconnect (<c>retry</c>); a reconnect with <c>Last-Event-ID</c> gets only later versions, and 204 once it had
/// the final one (an <c>EventSource</c> then stops reconnecting); a quiet stream carries <c>ping</c> events without data.
/// </summary>
public sealed class EventConventionsTests
{
    [Fact]
    public async Task EventsCarryTheirVersionAndAReconnectResumesAfterTheLastOneItGot()
    {
        await using var api = await ApiHost.StartAsync(new TestProbe(), new Dictionary<string, string> { ["Chord:Api:EventKeepAlive"] = "00:01:00" });
        var id = await api.Http.SubmitAsync("""{"map":{"handler":"probe","count":20,"args":{"ms":50}},"body":{"handler":"sum"}}""");

        var first = await ReadAsync(api.Http, id, lastEventId: null);
        Assert.True(first.Status == HttpStatusCode.OK && first.Events.Count >= 3, $"{first.Status}, {first.Events.Count} events");
        Assert.All(first.Events, e => Assert.Equal(e.Data.GetProperty("version").GetInt64().ToString(), e.Id));
        Assert.Equal(TimeSpan.FromSeconds(1), first.Events[0].Retry);
        Assert.Equal("done", first.Events[^1].Type);

        // A client that lost the stream after its second event.
        var resumed = await ReadAsync(api.Http, id, lastEventId: first.Events[1].Id);
        var final = await ReadAsync(api.Http, id, lastEventId: first.Events[^1].Id);
        var fromScratch = await ReadAsync(api.Http, id, lastEventId: "not-a-version");

        var after = long.Parse(first.Events[1].Id!);
        var only = Assert.Single(resumed.Events); // the chord is final by now: only its final snapshot is later
        Assert.Equal(("done", first.Events[^1].Id), (only.Type, only.Id));
        Assert.True(long.Parse(only.Id!) > after);
        Assert.Equal(HttpStatusCode.NoContent, final.Status);
        Assert.Equal("done", Assert.Single(fromScratch.Events).Type);
    }

    [Fact]
    public async Task AQuietStreamCarriesPingsUntilItsChordChanges()
    {
        await using var api = await ApiHost.StartAsync(new TestProbe(), new Dictionary<string, string> { ["Chord:Api:EventKeepAlive"] = "00:00:00.300" });
        var id = await api.Http.SubmitAsync("""{"tasks":[{"handler":"sleep","args":{"ms":2000}}],"body":{"handler":"count"}}""");

        var read = await ReadAsync(api.Http, id, lastEventId: null);

        var pings = read.Events.Where(e => e.Type == "ping").ToList();
        Assert.True(pings.Count >= 3, $"{pings.Count} pings in a 2 s silence with a keep-alive of 0.3 s");
        Assert.All(pings, ping => Assert.Equal(JsonValueKind.Undefined, ping.Data.ValueKind)); // no data
        Assert.Equal("done", read.Events[^1].Type);
        Assert.Equal(1, read.Events[^1].Data.GetProperty("body").GetProperty("result").GetInt32());
    }

    private static async Task<(HttpStatusCode Status, List<(string Type, string? Id, TimeSpan? Retry, JsonElement Data)> Events)> ReadAsync(HttpClient http, string id, string? lastEventId)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/chords/{id}/events");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        var events = new List<(string, string?, TimeSpan?, JsonElement)>();
        if (response.StatusCode == HttpStatusCode.OK)
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cts.Token);
            var parser = SseParser.Create(stream);
            await foreach (var item in parser.EnumerateAsync(cts.Token))
            {
                var data = item.Data.Length == 0 ? default : JsonDocument.Parse(item.Data).RootElement.Clone();
                events.Add((item.EventType, parser.LastEventId is { Length: > 0 } last ? last : null, parser.ReconnectionInterval, data));
            }
        }

        return (response.StatusCode, events);
    }
}
