using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Chord.Bench;

/// <summary>
/// A shop's load on a running system (<c>./run.sh</c>), over HTTP as its callers see it: many small chords (10 no-op
/// tasks + <c>sum</c>). First one at a time (submit → body result, read from the chord's event stream), then
/// <c>inFlight</c> submitted at once from 16 threads (chords per second from the first submit to the last final
/// snapshot, and progress reads timed while they run). Storage writes per chord come from the silos' own
/// <c>chord_storage_writes_total</c> (by state), scraped from each silo's <c>/metrics</c> before and after.
/// </summary>
public static class SmallChordsBench
{
    private const int Tasks = 10;
    private const int Threads = 16;

    public static async Task RunAsync(Uri api, int sequential, int inFlight)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = api, Timeout = TimeSpan.FromMinutes(5) };
        var silos = await SiloUrlsAsync(http);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Small chords — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores: {api}, {silos.Length} silo(s); chords of {Tasks} no-op tasks + sum."));

        // Warm-up: the first chords pay for JIT, connections and the storage containers.
        for (var i = 0; i < 20; i++)
        {
            await OneAsync(http);
        }

        var writesBefore = await StorageWritesAsync(silos);
        var latencies = new List<double>();
        for (var i = 0; i < sequential; i++)
        {
            latencies.Add(await OneAsync(http));
        }

        var writesAfter = await StorageWritesAsync(silos);
        latencies.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"One at a time ({sequential} chords): submit → body result p50 {Stats.Percentile(latencies, 0.5):F1} ms, p99 {Stats.Percentile(latencies, 0.99):F1} ms."));
        Console.WriteLine($"Storage writes per chord: {Describe(writesBefore, writesAfter, sequential)}.");

        var (rate, progress, elapsed) = await ManyAsync(http, inFlight);
        var writesMany = await StorageWritesAsync(silos);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{inFlight:N0} submitted at once from {Threads} threads: {rate:N0} chords/s ({elapsed.TotalSeconds:F1} s from the first submit to the last final snapshot); progress read p50 {Stats.Percentile(progress, 0.5):F1} ms, p99 {Stats.Percentile(progress, 0.99):F1} ms over {progress.Count:N0} reads while they ran."));
        Console.WriteLine($"Storage writes per chord while many ran: {Describe(writesAfter, writesMany, inFlight)}.");
    }

    /// <summary>Submits one chord and waits for its final snapshot on its event stream; returns the wall time in ms.</summary>
    private static async Task<double> OneAsync(HttpClient http)
    {
        var watch = Stopwatch.StartNew();
        var id = await SubmitAsync(http);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/chords/{id}/events");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data:", StringComparison.Ordinal) && IsFinal(JsonDocument.Parse(line[5..]).RootElement, out var snapshot))
            {
                var elapsed = watch.Elapsed.TotalMilliseconds;
                EnsureSum(snapshot);
                return elapsed;
            }
        }

        throw new InvalidOperationException($"The event stream of {id} ended before the chord did.");
    }

    private static async Task<(double Rate, List<double> Progress, TimeSpan Elapsed)> ManyAsync(HttpClient http, int count)
    {
        var ids = new string?[count];
        var progress = new ConcurrentBag<double>();
        using var done = new CancellationTokenSource();
        var watch = Stopwatch.StartNew();
        var next = -1;
        var submitters = Enumerable.Range(0, Threads).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                Volatile.Write(ref ids[i], await SubmitAsync(http));
            }
        })).ToArray();

        // One reader times progress reads of chords that run, as a page watching them would.
        var reader = Task.Run(async () =>
        {
            var random = new Random(1);
            while (!done.IsCancellationRequested)
            {
                if (Volatile.Read(ref ids[random.Next(Math.Max(1, Math.Min(count, Volatile.Read(ref next))))]) is { } id)
                {
                    var read = Stopwatch.StartNew();
                    using var response = await http.GetAsync($"/chords/{id}");
                    progress.Add(read.Elapsed.TotalMilliseconds);
                }

                await Task.Delay(5);
            }
        });

        await Task.WhenAll(submitters);

        // Then each chord is read until final, 16 at a time (a chord read final once is not read again).
        var pending = new ConcurrentQueue<string>(ids.Select(id => id!));
        var finishers = Enumerable.Range(0, Threads).Select(_ => Task.Run(async () =>
        {
            while (pending.TryDequeue(out var id))
            {
                while (true)
                {
                    var snapshot = await http.GetFromJsonAsync<JsonElement>($"/chords/{id}");
                    if (IsFinal(snapshot, out var final))
                    {
                        EnsureSum(final);
                        break;
                    }

                    await Task.Delay(20);
                }
            }
        })).ToArray();
        await Task.WhenAll(finishers);
        var elapsed = watch.Elapsed;
        await done.CancelAsync();
        await reader;
        var latencies = progress.ToList();
        latencies.Sort();
        return (count / elapsed.TotalSeconds, latencies, elapsed);
    }

    /// <summary>Submits a chord under an id the API generates (as a shop's callers do) and returns it.</summary>
    private static async Task<string> SubmitAsync(HttpClient http)
    {
        var spec = new JsonObject
        {
            ["map"] = new JsonObject { ["handler"] = "noop", ["count"] = Tasks },
            ["body"] = new JsonObject { ["handler"] = "sum" },
        };
        using var created = await http.PostAsJsonAsync("/chords", spec);
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static bool IsFinal(JsonElement snapshot, out JsonElement final)
    {
        final = snapshot;
        return snapshot.TryGetProperty("status", out var status) && status.GetString() is "succeeded" or "failed" or "cancelled";
    }

    private static void EnsureSum(JsonElement snapshot)
    {
        var result = snapshot.GetProperty("body").GetProperty("result");
        if (snapshot.GetProperty("status").GetString() != "succeeded" || result.ValueKind != JsonValueKind.Number || result.GetInt64() != Tasks * (Tasks - 1) / 2)
        {
            throw new InvalidOperationException($"A chord did not sum to {Tasks * (Tasks - 1) / 2}: {snapshot}");
        }
    }

    private static async Task<string[]> SiloUrlsAsync(HttpClient http)
    {
        var cluster = await http.GetFromJsonAsync<JsonElement>("/cluster");
        return [.. cluster.GetProperty("silos").EnumerateArray()
            .Select(silo => silo.TryGetProperty("dashboardUrl", out var url) ? url.GetString() : null)
            .Where(url => url is { Length: > 0 })
            .Select(url => url!)];
    }

    /// <summary>The silos' <c>chord_storage_writes_total</c> by state, summed over the silos.</summary>
    private static async Task<Dictionary<string, double>> StorageWritesAsync(string[] silos)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var writes = new Dictionary<string, double>();
        foreach (var silo in silos)
        {
            var text = await http.GetStringAsync(new Uri(new Uri(silo), "/metrics"));
            foreach (var line in text.Split('\n').Where(l => l.StartsWith("chord_storage_writes_total{", StringComparison.Ordinal)))
            {
                var state = line.Split("state=\"")[1].Split('"')[0];
                var value = double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
                writes[state] = writes.GetValueOrDefault(state) + value;
            }
        }

        return writes;
    }

    private static string Describe(Dictionary<string, double> before, Dictionary<string, double> after, int chords)
    {
        var perState = after.Keys.Order(StringComparer.Ordinal)
            .Select(state => (State: state, PerChord: (after[state] - before.GetValueOrDefault(state)) / chords))
            .Where(s => s.PerChord > 0)
            .ToArray();
        return string.Create(CultureInfo.InvariantCulture,
            $"{perState.Sum(s => s.PerChord):F2} ({string.Join(", ", perState.Select(s => $"{s.State} {s.PerChord:F2}"))})");
    }
}
