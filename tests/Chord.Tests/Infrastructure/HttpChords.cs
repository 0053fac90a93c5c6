using System.Net;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;

namespace Chord.Tests.Infrastructure;

/// <summary>Small HTTP helpers for the API tests: JSON bodies, submitting, reading server-sent events.</summary>
public static class HttpChords
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Submits a chord and returns its id; fails unless the API answered 201.</summary>
    public static async Task<string> SubmitAsync(this HttpClient http, string json)
    {
        using var response = await http.PostAsync("/chords", Json(json));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"submit answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Reads every event of an SSE response until the server closes it, with when each arrived.</summary>
    public static async Task<List<(string Type, JsonElement Data, TimeSpan At)>> ReadEventsAsync(this HttpClient http, string path, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var started = System.Diagnostics.Stopwatch.StartNew();
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var events = new List<(string, JsonElement, TimeSpan)>();
        await using var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cts.Token))
        {
            if (item.EventType == "ping")
            {
                continue; // the keep-alive carries no data
            }

            events.Add((item.EventType, JsonDocument.Parse(item.Data).RootElement.Clone(), started.Elapsed));
        }

        return events;
    }

    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
