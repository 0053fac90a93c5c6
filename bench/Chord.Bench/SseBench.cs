extern alias api;

using System.Diagnostics;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Chord.Bench;

/// <summary>
/// Server-sent events through the real API (Kestrel on loopback, its Orleans client over TCP to the silo): time from
/// connecting to the first event, how far the newest event received trails the chord's recorded state, and how long a
/// progress read over HTTP takes while a big chord keeps the silo busy.
/// </summary>
public static class SseBench
{
    public static async Task RunAsync(IHost silo, int tasks)
    {
        var gateway = silo.Services.GetRequiredService<IOptions<EndpointOptions>>().Value.GatewayPort;
        var cluster = silo.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        var builder = WebApplication.CreateBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.StaticFiles", LogLevel.Error); // the page is not served here
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["Chord:Client:GatewayPorts:0"] = gateway.ToString(CultureInfo.InvariantCulture);
        builder.Configuration["Chord:Client:ClusterId"] = cluster.ClusterId;
        builder.Configuration["Chord:Client:ServiceId"] = cluster.ServiceId;
        api::Program.AddApi(builder);
        await using var app = builder.Build();
        api::Program.MapApi(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        var grains = silo.Grains();

        // First event: connect to a finished chord's stream (done at once) and to a running one's, many times.
        var finished = $"sse-done-{Guid.NewGuid():N}";
        await grains.GetGrain<IChordGrain>(finished).SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "noop", Count = 10 }, Body = new TaskSpec("count") });
        await Task.Delay(500);
        var cold = await FirstEventAsync(http, $"/chords/{finished}/events");
        var firstEvent = new List<double>();
        for (var i = 0; i < 100; i++)
        {
            firstEvent.Add(await FirstEventAsync(http, $"/chords/{finished}/events"));
        }

        // Lag: a running chord's events against the versions a 5 ms poller sees the grain record.
        var id = $"sse-{Guid.NewGuid():N}";
        var chord = grains.GetGrain<IChordGrain>(id);
        await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "sleep", Count = tasks, Args = "{\"ms\":20}" }, Body = new TaskSpec("count") });
        var clock = Stopwatch.StartNew();
        var recorded = new List<(long Version, double At)>();
        using var stop = new CancellationTokenSource();
        var poller = Task.Run(async () =>
        {
            var last = -1L;
            while (!stop.IsCancellationRequested)
            {
                var p = await chord.GetProgressAsync();
                if (p!.Version != last)
                {
                    last = p.Version;
                    lock (recorded)
                    {
                        recorded.Add((last, clock.Elapsed.TotalMilliseconds));
                    }
                }

                await Task.Delay(5);
            }
        });
        var received = new List<(long Version, double At)>();
        var connectAt = clock.Elapsed.TotalMilliseconds;
        using (var response = await http.GetAsync($"/chords/{id}/events", HttpCompletionOption.ResponseHeadersRead))
        await using (var stream = await response.Content.ReadAsStreamAsync())
        {
            await foreach (var item in SseParser.Create(stream).EnumerateAsync())
            {
                received.Add((JsonDocument.Parse(item.Data).RootElement.GetProperty("version").GetInt64(), clock.Elapsed.TotalMilliseconds));
            }
        }

        await stop.CancelAsync();
        await poller;
        firstEvent.Add(received[0].At - connectAt);

        var lags = new List<double>();
        foreach (var (version, at) in recorded)
        {
            var shown = received.FirstOrDefault(r => r.Version >= version);
            if (shown.At > 0)
            {
                lags.Add(Math.Max(0, shown.At - at));
            }
        }

        firstEvent.Sort();
        lags.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SSE through the API: first event after connecting p50 {Pct(firstEvent, 0.5):F1} ms, p99 {Pct(firstEvent, 0.99):F1} ms, max {firstEvent[^1]:F1} ms ({firstEvent.Count} connections; the very first, cold, {cold:F0} ms); "
            + $"{tasks} sleep(20 ms) heavy tasks, K = 2: {received.Count} events for {recorded.Count} recorded versions, event behind the recorded state p50 {Pct(lags, 0.5):F0} ms, p99 {Pct(lags, 0.99):F0} ms, max {lags[^1]:F0} ms."));

        // Progress over HTTP while a big no-op chord keeps the silo busy: GET /chords/{id} every 2 ms until it ends.
        const int busy = 100_000;
        var busyId = $"http-progress-{Guid.NewGuid():N}";
        await grains.GetGrain<IChordGrain>(busyId).SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "noop", Count = busy }, Body = new TaskSpec("sum") });
        var reads = new List<double>();
        for (var running = true; running;)
        {
            var read = Stopwatch.StartNew();
            using var document = JsonDocument.Parse(await http.GetStringAsync($"/chords/{busyId}"));
            reads.Add(read.Elapsed.TotalMilliseconds);
            running = document.RootElement.GetProperty("status").GetString() is "running" or "completing";
            await Task.Delay(2);
        }

        reads.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Progress over HTTP (GET /chords/{{id}}) while a {busy:N0}-task no-op chord runs: p50 {Pct(reads, 0.5):F2} ms, p99 {Pct(reads, 0.99):F2} ms, max {reads[^1]:F2} ms over {reads.Count} reads."));
        await app.StopAsync();
    }

    private static async Task<double> FirstEventAsync(HttpClient http, string path)
    {
        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        await foreach (var _ in SseParser.Create(stream).EnumerateAsync())
        {
            break;
        }

        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Pct(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
}
