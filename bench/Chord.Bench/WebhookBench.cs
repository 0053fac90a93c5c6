using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Chord.Bench;

/// <summary>
/// Webhooks, over HTTP against a running system whose silos allow 127.0.0.1 (start it with
/// <c>Chord__Webhooks__AllowedHosts__0=127.0.0.1</c>): a receiver on Kestrel here answers 200 to every call.
/// First, as a control, <c>n</c> one-task chords without a webhook at full speed (64 callers): chords per second to
/// the last one final. Then <c>n</c> with a webhook: deliveries per second at the receiver, from its first call to its last. Then chords at a steady 50 a second for 20 s: how long after its chord
/// finished (the payload's <c>finishedAt</c>) each webhook arrived, p50 / p99 / max.
/// </summary>
public static class WebhookBench
{
    private const int Callers = 64;

    public static async Task RunAsync(Uri api, int n)
    {
        var arrivals = new ConcurrentQueue<(DateTimeOffset At, DateTimeOffset FinishedAt)>();
        var port = Chord.Testing.FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        await using var receiver = builder.Build();
        receiver.MapPost("/hook", async (HttpContext context) =>
        {
            var payload = await JsonSerializer.DeserializeAsync<JsonObject>(context.Request.Body);
            arrivals.Enqueue((DateTimeOffset.UtcNow, payload!["finishedAt"]!.GetValue<DateTimeOffset>()));
            return Results.Ok();
        });
        await receiver.StartAsync();

        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Add("X-Api-Key", Environment.GetEnvironmentVariable("CHORD_API_KEY") ?? "");
        var hook = $"http://127.0.0.1:{port}/hook";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Webhooks — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {api}; receiver {hook}."));

        // The control: the same chords without a webhook, from the first submit to the last one final.
        var control = Stopwatch.StartNew();
        await BurstAsync(http, n, hook: null);
        await SearchBench.UntilIdleAsync(http);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Control: {n:N0} chords without a webhook, first submit to last final in {control.Elapsed.TotalSeconds:F1} s: {n / control.Elapsed.TotalSeconds:N0} chords/s."));

        var submit = Stopwatch.StartNew();
        await BurstAsync(http, n, hook);
        var submitted = submit.Elapsed.TotalSeconds;
        await UntilAsync(() => arrivals.Count >= n, TimeSpan.FromMinutes(10));
        var burst = arrivals.ToArray();
        var span = (burst.Max(a => a.At) - burst.Min(a => a.At)).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Burst: {n:N0} chords submitted in {submitted:F1} s ({n / submitted:N0}/s); {burst.Length:N0} webhooks received over {span:F1} s: {burst.Length / span:N0} deliveries/s."));

        arrivals.Clear();
        const int rate = 50;
        const int seconds = 20;
        var paced = Stopwatch.StartNew();
        var sends = new List<Task>();
        for (var i = 0; i < rate * seconds; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate) - paced.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }

            sends.Add(SubmitAsync(http, hook));
        }

        await Task.WhenAll(sends);
        await UntilAsync(() => arrivals.Count >= rate * seconds, TimeSpan.FromMinutes(2));
        var after = arrivals.Select(a => (a.At - a.FinishedAt).TotalMilliseconds).Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Steady {rate} chords/s for {seconds} s: a webhook arrives after its chord finished in p50 {Stats.Percentile(after, 0.5):F0} ms, p99 {Stats.Percentile(after, 0.99):F0} ms, max {after[^1]:F0} ms."));
    }

    private static async Task BurstAsync(HttpClient http, int n, string? hook)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < n; i = Interlocked.Increment(ref next))
            {
                await SubmitAsync(http, hook);
            }
        }));
    }

    private static async Task SubmitAsync(HttpClient http, string? hook)
    {
        var spec = new JsonObject
        {
            ["tasks"] = new JsonArray(new JsonObject { ["handler"] = "noop" }),
            ["body"] = new JsonObject { ["handler"] = "count" },
        };
        if (hook is not null)
        {
            spec["options"] = new JsonObject { ["notify"] = new JsonObject { ["url"] = hook } };
        }

        using var response = await http.PostAsJsonAsync("/v1/chords", spec);
        response.EnsureSuccessStatusCode();
    }

    private static async Task UntilAsync(Func<bool> done, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!done())
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException("The webhooks did not all arrive in time.");
            }

            await Task.Delay(50);
        }
    }
}
