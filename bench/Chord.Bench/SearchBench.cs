using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Chord.Bench;

/// <summary>
/// Search over many retained chords, over HTTP against a running system: submits <c>n</c> one-task chords at full
/// speed (64 callers), the first half without labels and the second with two (so the index rows grow), printing
/// each half's rate; then times filtered pages of 100 (a label, a label with status and handler, a time window,
/// no filter) and prints p50 / p99 of each.
/// </summary>
public static class SearchBench
{
    private const int Callers = 64;
    private const int Queries = 200;

    public static async Task RunAsync(Uri api, int n, bool submit = true)
    {
        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Add("X-Api-Key", Environment.GetEnvironmentVariable("CHORD_API_KEY") ?? "");
        var run = Guid.NewGuid().ToString("N")[..8];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Search — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {api}; {n:N0} one-task chords, then pages of 100 (run {run})."));
        var started = DateTimeOffset.UtcNow.AddHours(-1);
        if (submit)
        {
            // Each half starts with the cluster idle, so neither pays for the other's backlog.
            started = DateTimeOffset.UtcNow;
            var plain = await SubmitAsync(http, run, n / 2, labelled: false);
            var plainDone = await UntilIdleAsync(http);
            var labelled = await SubmitAsync(http, run, n - n / 2, labelled: true);
            var labelledDone = await UntilIdleAsync(http);
            var (half, rest) = ((double)(n / 2), (double)(n - n / 2));
            var plainFinal = half / (half / plain + plainDone);       // from the first submit to the last chord final
            var labelledFinal = rest / (rest / labelled + labelledDone);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Submits (64 callers): without labels {plain:N0} chords/s accepted, {plainFinal:N0} chords/s to the last one final; with two labels {labelled:N0} and {labelledFinal:N0} ({100 * labelled / plain:F0}% and {100 * labelledFinal / plainFinal:F0}% of without)."));
        }

        await UntilIdleAsync(http);

        var window = Uri.EscapeDataString(started.ToString("O", CultureInfo.InvariantCulture));
        await TimeAsync(http, "a label (team:t7)", "label=team:t7&limit=100");
        await TimeAsync(http, "label + status + handler", "label=team:t7&status=succeeded&handler=noop&limit=100");
        await TimeAsync(http, $"label run:{run} + createdAfter", $"label=run:{run}&createdAfter={window}&limit=100");
        await TimeAsync(http, "no filter", "limit=100");
    }

    private static async Task<double> SubmitAsync(HttpClient http, string run, int count, bool labelled)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var spec = new JsonObject { ["tasks"] = new JsonArray(new JsonObject { ["handler"] = "noop" }), ["body"] = new JsonObject { ["handler"] = "count" } };
                if (labelled)
                {
                    spec["labels"] = new JsonObject { ["run"] = run, ["team"] = $"t{i % 50}" };
                }

                using var response = await http.PostAsJsonAsync("/v1/chords", spec);
                response.EnsureSuccessStatusCode();
            }
        }));
        return count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Waits until the index lists no unfinished chord; returns the seconds since the call began.</summary>
    internal static async Task<double> UntilIdleAsync(HttpClient http)
    {
        var clock = Stopwatch.StartNew();
        foreach (var status in new[] { "pending", "running", "completing" })
        {
            while ((await http.GetFromJsonAsync<JsonObject>($"/v1/chords?status={status}&limit=1"))!["items"]!.AsArray().Count > 0)
            {
                await Task.Delay(200);
            }
        }

        return clock.Elapsed.TotalSeconds;
    }

    private static async Task TimeAsync(HttpClient http, string name, string query)
    {
        var times = new List<double>();
        var items = 0;
        for (var i = 0; i < Queries; i++)
        {
            var clock = Stopwatch.StartNew();
            var page = await http.GetFromJsonAsync<JsonObject>("/v1/chords?" + query);
            times.Add(clock.Elapsed.TotalMilliseconds);
            items = page!["items"]!.AsArray().Count;
        }

        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name}: p50 {Stats.Percentile(times, 0.5):F1} ms, p99 {Stats.Percentile(times, 0.99):F1} ms over {Queries} pages of {items} chords."));
    }
}
