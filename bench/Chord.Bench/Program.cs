using System.Diagnostics;
using System.Globalization;
using Chord;
using Chord.Bench;
using Microsoft.Extensions.Hosting;

// The benchmark command (see README): chords of no-op tasks on one in-process silo with memory storage, then the
// heavy lane: 100,000 sleep(0) tasks with K = 2, server-sent events through the API, and sleep(100 ms) throughput
// on 1 vs 3 silos.
//   dotnet run -c Release --project bench/Chord.Bench -- [--n 1000,10000,100000] [--heavy 100000] [--throttle 600] [--results 2000:60]
//     [--skip-heavy] [--skip-throttle] [--skip-sse] [--skip-results] [--task-timeout-ms 60000 (the no-op chords with a timeout: light handlers then run off the grain)]
// The deployed path instead (a system started with ./run.sh): --url http://127.0.0.1:5080 [--n 1000000] [--repeat 2] [--result-bytes 100] [--body sum|count|digest]
// Many small chords against it (a shop's load): --url http://127.0.0.1:5080 --small [--sequential 200] [--in-flight 2000]
// The same load in process (grain calls, no HTTP): --small [--storage memory|azurite] [--sequential 200] [--in-flight 2000]
// Search over many retained chords: --url http://127.0.0.1:5080 --search [--n 100000] [--skip-submit (time the pages only)]
// Foreground chords during a purge (start it with Chord__Engine__ResultRetention=00:00:05): --url … --housekeeping [--n 1000000]
// Webhooks (start it with Chord__Webhooks__AllowedHosts__0=127.0.0.1): --url … --webhooks [--n 10000]
var sizes = Arg("--n", "1000,10000,100000").Split(',').Select(int.Parse).ToArray();
var heavyCount = int.Parse(Arg("--heavy", "100000"), CultureInfo.InvariantCulture);
var throttleCount = int.Parse(Arg("--throttle", "600"), CultureInfo.InvariantCulture);
var repeat = int.Parse(Arg("--repeat", "3"), CultureInfo.InvariantCulture);
int? taskTimeoutMs = Arg("--task-timeout-ms", "") is { Length: > 0 } timeoutArg ? int.Parse(timeoutArg, CultureInfo.InvariantCulture) : null;
if (Arg("--url", "") is { Length: > 0 } housekeepingUrl && args.Contains("--housekeeping"))
{
    await HousekeepingBench.RunAsync(new Uri(housekeepingUrl), sizes[0] == 1000 ? 1_000_000 : sizes[0]);
    return;
}

if (Arg("--url", "") is { Length: > 0 } webhookUrl && args.Contains("--webhooks"))
{
    await WebhookBench.RunAsync(new Uri(webhookUrl), sizes[0] == 1000 ? 10_000 : sizes[0]);
    return;
}

if (Arg("--url", "") is { Length: > 0 } searchUrl && args.Contains("--search"))
{
    await SearchBench.RunAsync(new Uri(searchUrl), sizes[0] == 1000 ? 100_000 : sizes[0], submit: !args.Contains("--skip-submit"));
    return;
}

if (Arg("--url", "") is { Length: > 0 } smallUrl && args.Contains("--small"))
{
    await SmallChordsBench.RunAsync(new Uri(smallUrl), int.Parse(Arg("--sequential", "200"), CultureInfo.InvariantCulture), int.Parse(Arg("--in-flight", "2000"), CultureInfo.InvariantCulture));
    return;
}

if (Arg("--url", "") is { Length: > 0 } url)
{
    await DeployedBench.RunAsync(new Uri(url), sizes[0], repeat, int.Parse(Arg("--result-bytes", "0"), CultureInfo.InvariantCulture), Arg("--body", "") is { Length: > 0 } body ? body : null);
    return;
}

if (args.Contains("--keys"))
{
    await KeysBench.RunAsync();
    return;
}

var storage = Arg("--storage", "memory");
if (storage is not ("memory" or "azurite"))
{
    Console.Error.WriteLine("--storage must be 'memory' or 'azurite'");
    return;
}

await using var azurite = storage == "azurite" ? await Chord.Testing.Azurite.StartAsync() : null;
using var writes = new StorageWriteCounter();

Console.WriteLine($"Chord benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}");
Console.WriteLine();

var hosts = await BenchSilo.StartAsync(1, heavyConcurrency: 2, azurite?.ConnectionString);
var grains = hosts[0].Grains();
if (args.Contains("--small"))
{
    await SmallChordsInProcessBench.RunAsync(grains, storage, int.Parse(Arg("--sequential", "200"), CultureInfo.InvariantCulture), int.Parse(Arg("--in-flight", "2000"), CultureInfo.InvariantCulture));
    await BenchSilo.StopAsync(hosts);
    return;
}

Console.WriteLine($"Storage: {storage}.");
await RunNoopAsync(grains, 2_000, "warm-up", writes, taskTimeoutMs);

Console.WriteLine("| N | tasks/s (tasks) | end to end s | last task → body result ms | progress p50 ms | p99 ms | queries | memory per task B (peak working set) | working set after, vs before MB | managed heap after, vs before MB | state writes per task |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
var rates = new List<string>();
foreach (var n in sizes)
{
    // The machine is shared and noisy: run each size several times and print the run with the median rate.
    var runs = new List<(double Rate, string Row)>();
    for (var i = 0; i < repeat; i++)
    {
        runs.Add(await RunNoopAsync(grains, n, $"noop-{n}", writes, taskTimeoutMs));
    }

    runs.Sort((a, b) => a.Rate.CompareTo(b.Rate));
    Console.WriteLine(runs[runs.Count / 2].Row);
    rates.Add($"N = {n:N0}: {string.Join(" / ", runs.Select(r => r.Rate.ToString("N0", CultureInfo.InvariantCulture)))} tasks/s");
}

Console.WriteLine();
Console.WriteLine($"Each row is the run with the median rate of {repeat}; all rates: {string.Join("; ", rates)}.");

if (!args.Contains("--skip-heavy"))
{
    Console.WriteLine();
    var process = Process.GetCurrentProcess();
    var (before, _) = Settle(process);
    var peak = before;
    var writesBefore = writes.Writes;
    var watch = Stopwatch.StartNew();
    var heavy = grains.GetGrain<IChordGrain>($"heavy-{Guid.NewGuid():N}");
    await heavy.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "sleep", Count = heavyCount, Args = "{\"ms\":0}" }, Body = new TaskSpec("count") });
    var (final, latencies) = await SampleUntilFinalAsync(heavy, () =>
    {
        process.Refresh();
        peak = Math.Max(peak, process.WorkingSet64);
    });
    var plainRate = heavyCount / watch.Elapsed.TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Heavy lane: {heavyCount:N0} sleep(0) tasks, K = 2, 1 silo: {final.Status}, body result {final.Body.Result}, {watch.Elapsed.TotalSeconds:F1} s ({plainRate:N0} tasks/s), {(writes.Writes - writesBefore) / (double)heavyCount:F3} state writes per task, peak working-set growth {(peak - before) / 1e6:N0} MB; progress query p50 {Stats.Percentile(latencies, 0.5):F2} ms, p99 {Stats.Percentile(latencies, 0.99):F2} ms over {latencies.Count} queries."));

    // The same with a key whose cluster-wide limit never binds: what taking and renewing its leases costs.
    var keyed = grains.GetGrain<IChordGrain>($"heavy-key-{Guid.NewGuid():N}");
    var keyedWatch = Stopwatch.StartNew();
    await keyed.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "sleep", Count = heavyCount, Args = "{\"ms\":0}" }, Body = new TaskSpec("count"), Options = new ChordOptions { Key = BenchSilo.KeyedBench } });
    var (keyedFinal, _) = await SampleUntilFinalAsync(keyed, () => { });
    var keyedRate = heavyCount / keyedWatch.Elapsed.TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Heavy lane with a key limited to 1,000 (never binding): {keyedFinal.Status}, {keyedWatch.Elapsed.TotalSeconds:F1} s ({keyedRate:N0} tasks/s, {100 * keyedRate / plainRate:F0}% of without a key)."));
}

if (!args.Contains("--skip-sse"))
{
    Console.WriteLine();
    await SseBench.RunAsync(hosts[0], tasks: 300);
}

await BenchSilo.StopAsync(hosts);

if (!args.Contains("--skip-results"))
{
    // Large results: every task returns a string of the given size; a streaming body (record-sum) reads them all
    // across two silos. The silos share this process, so the working set is theirs together.
    var parts = Arg("--results", "2000:60").Split(':').Select(int.Parse).ToArray();
    var (count, kb) = (parts[0], parts[1]);
    var silos = await BenchSilo.StartAsync(2, heavyConcurrency: 2, azurite?.ConnectionString);
    var process = Process.GetCurrentProcess();
    var (before, _) = Settle(process);
    var peak = before;
    var chord = silos[0].Grains().GetGrain<IChordGrain>($"results-{Guid.NewGuid():N}");
    var watch = Stopwatch.StartNew();
    await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "noop", Count = count, Args = $"\"{new string('r', kb * 1024)}\"" }, Body = new TaskSpec("record-sum") });
    var (final, _) = await SampleUntilFinalAsync(chord, () =>
    {
        process.Refresh();
        peak = Math.Max(peak, process.WorkingSet64);
    });
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Large results: {count:N0} tasks × {kb} KB results ({count * (long)kb / 1024.0:N0} MB in all), 2 silos, {storage} storage, streaming body: {final.Status} in {watch.Elapsed.TotalSeconds:F1} s, last task → body result {(final.FinishedAt!.Value - final.TasksFinishedAt!.Value).TotalMilliseconds:N0} ms, peak working-set growth {(peak - before) / 1e6:N0} MB."));
    await BenchSilo.StopAsync(silos);
}

if (!args.Contains("--skip-throttle"))
{
    Console.WriteLine();
    Console.WriteLine($"Throttle: {throttleCount} sleep(100 ms) heavy tasks, K = 2 per silo");
    var siloRates = new Dictionary<int, double>();
    foreach (var siloCount in new[] { 1, 3 })
    {
        var silos = await BenchSilo.StartAsync(siloCount, heavyConcurrency: 2, azurite?.ConnectionString);
        var watch = Stopwatch.StartNew();
        var final = await RunToEndAsync(silos[0].Grains(), $"throttle-{siloCount}-{Guid.NewGuid():N}", new ChordSpec { Map = new MapSpec { Handler = "sleep", Count = throttleCount, Args = "{\"ms\":100}" }, Body = new TaskSpec("count") });
        siloRates[siloCount] = throttleCount / watch.Elapsed.TotalSeconds;
        Console.WriteLine($"  {siloCount} silo(s): {final.Status}, {watch.Elapsed.TotalSeconds:F2} s, {siloRates[siloCount]:F1} tasks/s (ideal {siloCount * 2 * 10} tasks/s)");
        await BenchSilo.StopAsync(silos);
    }

    Console.WriteLine($"  3 silos give {siloRates[3] / siloRates[1]:F2}× what 1 silo gives (ideal 3×)");
}

return;

string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

static async Task<ChordProgress> RunToEndAsync(IGrainFactory grains, string id, ChordSpec spec)
{
    var chord = grains.GetGrain<IChordGrain>(id);
    await chord.SubmitAsync(spec);
    ChordProgress? last = null;
    await foreach (var snapshot in chord.WatchAsync(TimeSpan.FromMilliseconds(100)))
    {
        last = snapshot;
    }

    return last!;
}

static async Task<(double Rate, string Row)> RunNoopAsync(IGrainFactory grains, int n, string name, StorageWriteCounter writes, int? taskTimeoutMs = null)
{
    var process = Process.GetCurrentProcess();
    var (before, heapBefore) = Settle(process);
    var peak = before;

    var chord = grains.GetGrain<IChordGrain>($"{name}-{Guid.NewGuid():N}");
    var writesBefore = writes.Writes;
    var wall = Stopwatch.StartNew();
    await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "noop", Count = n }, Body = new TaskSpec("sum"), Options = taskTimeoutMs is { } ms ? new ChordOptions { TaskTimeoutMs = ms } : null });

    var (progress, latencies) = await SampleUntilFinalAsync(chord, () =>
    {
        process.Refresh();
        peak = Math.Max(peak, process.WorkingSet64);
    });

    var endToEnd = wall.Elapsed;
    var writesPerTask = (writes.Writes - writesBefore) / (double)n;
    await Task.Delay(TimeSpan.FromSeconds(2)); // let the purge of task records (retention 0) finish
    var (after, heapAfter) = Settle(process);

    if (progress.Status is not ChordStatus.Succeeded || progress.Body.Result != ((long)n * (n - 1) / 2).ToString(CultureInfo.InvariantCulture))
    {
        throw new InvalidOperationException($"The chord did not produce the expected sum: {progress}");
    }

    var taskSeconds = (progress.TasksFinishedAt!.Value - progress.CreatedAt).TotalSeconds;
    var bodyMs = (progress.FinishedAt!.Value - progress.TasksFinishedAt.Value).TotalMilliseconds;
    return (n / taskSeconds, string.Create(CultureInfo.InvariantCulture,
        $"| {n:N0} | {n / taskSeconds:N0} | {endToEnd.TotalSeconds:F2} | {bodyMs:F1} | {Stats.Percentile(latencies, 0.50):F2} | {Stats.Percentile(latencies, 0.99):F2} | {latencies.Count} | {(peak - before) / (double)n:N0} | {(after - before) / 1e6:+0.0;-0.0} | {(heapAfter - heapBefore) / 1e6:+0.0;-0.0} | {writesPerTask:F4} |"));
}

// Queries progress every 2 ms while the chord runs, as a busy progress page would; returns sorted latencies.
static async Task<(ChordProgress Final, List<double> Latencies)> SampleUntilFinalAsync(IChordGrain chord, Action sample)
{
    var latencies = new List<double>();
    ChordProgress progress;
    do
    {
        var query = Stopwatch.StartNew();
        progress = (await chord.GetProgressAsync())!;
        latencies.Add(query.Elapsed.TotalMilliseconds);
        sample();
        if (!progress.IsFinal)
        {
            await Task.Delay(2);
        }
    }
    while (!progress.IsFinal);

    latencies.Sort();
    return (progress, latencies);
}

// Collects all garbage, then reads the working set and the managed heap.
static (long WorkingSet, long Heap) Settle(Process process)
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    process.Refresh();
    return (process.WorkingSet64, GC.GetTotalMemory(forceFullCollection: true));
}
