using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Chord.Bench;

/// <summary>
/// Foreground chords while housekeeping runs, over HTTP against a running system started with a short result
/// retention (<c>Chord__Engine__ResultRetention=00:00:05 ./run.sh</c>): 1,000-task chords one after the other when
/// idle, then a large chord, another large one while the first one's records are purged after that retention, and
/// 1,000-task chords again while the second one's purge runs (as <c>/cluster</c> reports housekeeping operations).
/// Prints each chord's end-to-end time and the ratio to idle: the pacing of the housekeeping lane
/// (<c>HousekeepingRate</c>, <c>HousekeepingConcurrency</c>) is what keeps it near 1.
/// </summary>
public static class HousekeepingBench
{
    private const int Foreground = 1_000;

    public static async Task RunAsync(Uri api, int large)
    {
        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromMinutes(10) };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Housekeeping — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {api}; {Foreground:N0}-task chords while a {large:N0}-task chord's records are purged."));
        for (var i = 0; i < 3; i++)
        {
            await RunChordAsync(http, Foreground); // warm-up
        }

        var idle = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            idle.Add(await RunChordAsync(http, Foreground));
        }

        idle.Sort();
        var idleMedian = Stats.Percentile(idle, 0.5);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Idle: {string.Join(" / ", idle.Select(ms => ms.ToString("N0", CultureInfo.InvariantCulture)))} ms (median {idleMedian:N0})."));

        // A large chord alone, then another while the first one's records are purged.
        var idleLarge = await RunChordAsync(http, large);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"The {large:N0}-task chord finished in {idleLarge / 1000:F1} s ({large / (idleLarge / 1000):N0} tasks/s); waiting for its purge."));
        await UntilPurgingAsync(http);
        var busyLarge = await RunChordAsync(http, large);
        var (afterRate, afterBacklog) = await HousekeepingAsync(http);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Another {large:N0}-task chord while that purge ran: {busyLarge / 1000:F1} s ({large / (busyLarge / 1000):N0} tasks/s, {100 * idleLarge / busyLarge:F0}% of alone; housekeeping at its end {afterRate:N0} operations/s, backlog {afterBacklog}). Waiting for its own purge."));
        await UntilPurgingAsync(http);

        var during = new List<(double Ms, double Rate, int Backlog)>();
        var quiet = 0;
        while (quiet < 3 && during.Count < 40)
        {
            var ms = await RunChordAsync(http, Foreground);
            var (rate, backlog) = await HousekeepingAsync(http);
            during.Add((ms, rate, backlog));
            quiet = rate <= 0 && backlog == 0 ? quiet + 1 : 0;
        }

        var busy = during.Where(d => d.Rate > 0 || d.Backlog > 0).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"During the purge ({busy.Count} chords, housekeeping {(busy.Count == 0 ? 0 : busy.Average(d => d.Rate)):N0} operations/s, backlog up to {(busy.Count == 0 ? 0 : busy.Max(d => d.Backlog))}): {string.Join(" / ", busy.Select(d => d.Ms.ToString("N0", CultureInfo.InvariantCulture)))} ms; worst {(busy.Count == 0 ? 0 : busy.Max(d => d.Ms)) / idleMedian:F2}× the idle median."));
    }

    /// <summary>Submits a no-op chord of <paramref name="count"/> tasks and polls it until final; returns the wall time in ms.</summary>
    private static async Task<double> RunChordAsync(HttpClient http, int count)
    {
        var id = $"housekeeping-{count}-{Guid.NewGuid():N}";
        var watch = Stopwatch.StartNew();
        var spec = new JsonObject { ["id"] = id, ["map"] = new JsonObject { ["handler"] = "noop", ["count"] = count }, ["body"] = new JsonObject { ["handler"] = "sum" } };
        using (var created = await http.PostAsJsonAsync("/chords", spec))
        {
            created.EnsureSuccessStatusCode();
        }

        while (true)
        {
            var snapshot = await http.GetFromJsonAsync<JsonElement>($"/chords/{id}");
            if (snapshot.GetProperty("status").GetString() is "succeeded" or "failed" or "cancelled")
            {
                if (snapshot.GetProperty("status").GetString() != "succeeded")
                {
                    throw new InvalidOperationException($"The chord did not succeed: {snapshot}");
                }

                return watch.Elapsed.TotalMilliseconds;
            }

            await Task.Delay(5);
        }
    }

    /// <summary>Waits (at most 2 minutes) until <c>/cluster</c> reports housekeeping operations.</summary>
    private static async Task UntilPurgingAsync(HttpClient http)
    {
        var purgeSeen = Stopwatch.StartNew();
        while ((await HousekeepingAsync(http)).PerSecond <= 0 && purgeSeen.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(100);
        }
    }

    private static async Task<(double PerSecond, int Backlog)> HousekeepingAsync(HttpClient http)
    {
        var totals = (await http.GetFromJsonAsync<JsonElement>("/cluster")).GetProperty("totals");
        return (totals.GetProperty("housekeepingPerSecond").GetDouble(), totals.GetProperty("housekeepingBacklog").GetInt32());
    }
}
