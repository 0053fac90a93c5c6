using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Chord.Bench;

/// <summary>
/// The deployed path: chords submitted to a running system (<c>./run.sh</c>) over HTTP and read back with
/// <c>GET /chords/{id}</c>, as a user sees it. Each silo is a process of its own here, so the working set is
/// measured per silo (from <c>/proc</c>): the peak growth over the run of each process running <c>Chord.Silo.dll</c>.
/// </summary>
public static class DeployedBench
{
    /// <summary>Runs <paramref name="runs"/> chords of <paramref name="count"/> no-op tasks one after the other.</summary>
    /// <param name="resultBytes">0: each task returns its index; otherwise each returns a string of this size.</param>
    /// <param name="body"><c>sum</c> (index results only), <c>count</c>, or <c>digest</c> (reads every result).</param>
    public static async Task RunAsync(Uri api, int count, int runs, int resultBytes, string? body)
    {
        body ??= resultBytes == 0 ? "sum" : "count";
        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromMinutes(5) };
        var silos = SiloProcesses();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Deployed path: {api}, silo processes {string.Join(", ", silos)}; {count:N0} no-op tasks, {(resultBytes == 0 ? "index results" : $"{resultBytes}-byte results")}, body {body}; progress read every 10 ms over HTTP."));
        Console.WriteLine("| run | tasks/s | end to end s | last task → body result ms | progress p50 ms | p99 ms | reads | peak working-set growth per silo MB |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        for (var run = 1; run <= runs; run++)
        {
            var before = silos.ToDictionary(pid => pid, WorkingSet);
            var peak = new Dictionary<int, long>(before);
            var id = $"deployed-{run}-{Guid.NewGuid():N}";
            var spec = new JsonObject
            {
                ["id"] = id,
                ["map"] = resultBytes == 0
                    ? new JsonObject { ["handler"] = "noop", ["count"] = count }
                    : new JsonObject { ["handler"] = "noop", ["count"] = count, ["args"] = new string('r', resultBytes) },
                ["body"] = new JsonObject { ["handler"] = body },
            };
            var wall = Stopwatch.StartNew();
            using (var created = await http.PostAsJsonAsync("/chords", spec))
            {
                created.EnsureSuccessStatusCode();
            }

            var latencies = new List<double>();
            JsonElement snapshot;
            while (true)
            {
                var read = Stopwatch.StartNew();
                snapshot = await http.GetFromJsonAsync<JsonElement>($"/chords/{id}");
                latencies.Add(read.Elapsed.TotalMilliseconds);
                foreach (var pid in silos)
                {
                    peak[pid] = Math.Max(peak[pid], WorkingSet(pid));
                }

                if (snapshot.GetProperty("status").GetString() is "succeeded" or "failed" or "cancelled")
                {
                    break;
                }

                await Task.Delay(10);
            }

            var endToEnd = wall.Elapsed;
            var expected = body == "sum" ? (long)count * (count - 1) / 2 : count;
            var result = snapshot.GetProperty("body").GetProperty("result");
            var value = body == "digest" ? result.GetProperty("results") : result;
            if (snapshot.GetProperty("status").GetString() != "succeeded" || value.ValueKind != JsonValueKind.Number || value.GetInt64() != expected)
            {
                throw new InvalidOperationException($"The chord did not produce {expected}: {snapshot}");
            }

            var createdAt = snapshot.GetProperty("createdAt").GetDateTimeOffset();
            var tasksFinishedAt = snapshot.GetProperty("tasksFinishedAt").GetDateTimeOffset();
            var finishedAt = snapshot.GetProperty("finishedAt").GetDateTimeOffset();
            latencies.Sort();
            var growth = string.Join(" / ", silos.Select(pid => ((peak[pid] - before[pid]) / 1e6).ToString("N0", CultureInfo.InvariantCulture)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {run} | {count / (tasksFinishedAt - createdAt).TotalSeconds:N0} | {endToEnd.TotalSeconds:F2} | {(finishedAt - tasksFinishedAt).TotalMilliseconds:N0} | {Stats.Percentile(latencies, 0.5):F2} | {Stats.Percentile(latencies, 0.99):F2} | {latencies.Count} | {growth} |"));
        }
    }

    private static int[] SiloProcesses() =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => int.TryParse(name, out _))
            .Select(name => int.Parse(name!, CultureInfo.InvariantCulture))
            .Where(pid => ReadOrEmpty($"/proc/{pid}/cmdline").Contains("Chord.Silo.dll", StringComparison.Ordinal))
            .Order()];

    private static long WorkingSet(int pid)
    {
        var line = ReadOrEmpty($"/proc/{pid}/status").Split('\n').FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}
