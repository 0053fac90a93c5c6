using System.Diagnostics;
using System.Globalization;
using Chord.Grains.Limits;
using Chord.Testing;
using Microsoft.Extensions.Hosting;

namespace Chord.Bench;

/// <summary>
/// <c>--keys</c>: the targets of keyed limits and fairness on three silos in this process with K = 4 each, counted by
/// the <c>probe</c> handler itself (running now, per silo; first start per chord): a key limited to 3 (most running at
/// once, share of the limit in use while it has a backlog), a key at 20 tasks a second over 30 s, two keys with
/// backlogs at equal weights and at 3 : 1 (each one's share of the tasks completed while both had a backlog), and a
/// ten-task chord of one key submitted behind 10,000 tasks of another (from its submit to its first task's start).
/// </summary>
public static class KeysBench
{
    private const int TaskMs = 100;

    public static async Task RunAsync()
    {
        var probe = new TestProbe();
        var hosts = await BenchSilo.StartAsync(3, heavyConcurrency: 4, probe: probe, limits: o =>
        {
            o.Keys["capped"] = new KeyLimitOptions { MaxRunning = 3 };
            o.Keys["paced"] = new KeyLimitOptions { RatePerSecond = 20 };
            o.Keys["heavy-3"] = new KeyLimitOptions { Weight = 3 };
        });
        var grains = hosts[0].Grains();
        Console.WriteLine("Keys, on 3 silos in one process with K = 4 each (12 heavy permits), probe tasks of 100 ms unless said:");
        await CappedAsync(grains, probe);
        await PacedAsync(grains, probe);
        await SharesAsync(grains, "fair-a", "fair-b", expected: 50);
        await SharesAsync(grains, "heavy-3", "light-1", expected: 75);
        await BehindAsync(grains, probe);
        await BenchSilo.StopAsync(hosts);
    }

    /// <summary>Four chords of a key limited to 3: the most running at once, and the limit's use while the key had a backlog.</summary>
    private static async Task CappedAsync(IGrainFactory grains, TestProbe probe)
    {
        var chords = await SubmitAsync(grains, "capped", chords: 4, tasks: 60, TaskMs);
        var samples = new List<int>();
        var finals = Task.WhenAll(chords.Select(c => FinalAsync(c)));
        while (!finals.IsCompleted)
        {
            samples.Add(probe.RunningNow);
            await Task.Delay(1);
        }

        var done = await finals;
        var backlog = samples.SkipWhile(n => n == 0).Reverse().SkipWhile(n => n < 3).Reverse().ToList(); // first start to last full use
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"- limit 3 (MaxRunning): {done.Count(d => d.Status == ChordStatus.Succeeded)}/4 chords succeeded; at most {samples.Max()} running at once over {samples.Count:N0} samples; {100 * backlog.Average() / 3:F0}% of the limit in use while the key had a backlog."));
    }

    /// <summary>A key at 20 tasks a second: its starts over the 30 s after its first second.</summary>
    private static async Task PacedAsync(IGrainFactory grains, TestProbe probe)
    {
        var before = probe.TasksPerSilo.Values.Sum();
        var watch = Stopwatch.StartNew();
        var chords = await SubmitAsync(grains, "paced", chords: 4, tasks: 200, taskMs: 5);
        while (probe.TasksPerSilo.Values.Sum() == before)
        {
            await Task.Delay(1);
        }

        var firstStart = watch.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(1));
        var from = probe.TasksPerSilo.Values.Sum();
        await Task.Delay(TimeSpan.FromSeconds(30));
        var to = probe.TasksPerSilo.Values.Sum();
        foreach (var chord in chords)
        {
            await chord.CancelAsync();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"- 20 a second (RatePerSecond, default burst 20), 5 ms tasks: {(to - from) / 30.0:F1} tasks/s over 30 s (after the first second; first start {firstStart.TotalMilliseconds:F0} ms after the first submit)."));
    }

    /// <summary>Two keys with backlogs: the first's share of the tasks completed while both still had some.</summary>
    private static async Task SharesAsync(IGrainFactory grains, string first, string second, int expected)
    {
        var a = await SubmitAsync(grains, first, chords: 1, tasks: 600, TaskMs);
        var b = await SubmitAsync(grains, second, chords: 4, tasks: 150, TaskMs); // more chords, the same tasks: the key, not its chords, takes turns
        await Task.Delay(TimeSpan.FromSeconds(1));
        var (a0, b0) = (await CompletedAsync(a), await CompletedAsync(b));
        await Task.Delay(TimeSpan.FromSeconds(3));
        var (a1, b1) = (await CompletedAsync(a), await CompletedAsync(b));
        foreach (var chord in a.Concat(b))
        {
            await chord.CancelAsync();
        }

        var share = 100.0 * (a1 - a0) / Math.Max(1, (a1 - a0) + (b1 - b0));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"- {first} (1 chord) beside {second} (4 chords), both backlogged: {first} completed {a1 - a0} and {second} {b1 - b0} tasks over 3 s, a share of {share:F0}% (target {expected} ± 10%)."));
    }

    /// <summary>A ten-task chord of one key behind 10,000 queued tasks of another: from its submit to its first task's start.</summary>
    private static async Task BehindAsync(IGrainFactory grains, TestProbe probe)
    {
        var big = await SubmitAsync(grains, "tenant-a", chords: 1, tasks: 10_000, TaskMs);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var id = $"keys-tenant-b-{Guid.NewGuid():N}";
        var submitted = DateTimeOffset.UtcNow;
        await grains.GetGrain<IChordGrain>(id).SubmitAsync(Spec("tenant-b", tasks: 10, TaskMs));
        while (probe.FirstStartOf(id) is null)
        {
            await Task.Delay(1);
        }

        var waited = probe.FirstStartOf(id)!.Value - submitted;
        var final = await FinalAsync(grains.GetGrain<IChordGrain>(id));
        await big[0].CancelAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"- tenant-b's 10 tasks behind tenant-a's 10,000: first start {waited.TotalMilliseconds:F0} ms after its submit (one task is {TaskMs} ms), all 10 done {(final.FinishedAt!.Value - submitted).TotalMilliseconds:F0} ms after it."));
    }

    private static async Task<IChordGrain[]> SubmitAsync(IGrainFactory grains, string key, int chords, int tasks, int taskMs)
    {
        var submitted = new IChordGrain[chords];
        for (var i = 0; i < chords; i++)
        {
            submitted[i] = grains.GetGrain<IChordGrain>($"keys-{key}-{Guid.NewGuid():N}");
            await submitted[i].SubmitAsync(Spec(key, tasks, taskMs));
        }

        return submitted;
    }

    private static ChordSpec Spec(string key, int tasks, int taskMs) => new()
    {
        Map = new MapSpec { Handler = "probe", Count = tasks, Args = $$"""{"ms":{{taskMs}}}""" },
        Body = new TaskSpec("count"),
        Options = new ChordOptions { Key = key },
    };

    private static async Task<ChordProgress> FinalAsync(IChordGrain chord)
    {
        while (true)
        {
            var progress = (await chord.GetProgressAsync())!;
            if (progress.Status is ChordStatus.Succeeded or ChordStatus.Failed or ChordStatus.Cancelled)
            {
                return progress;
            }

            await Task.Delay(20);
        }
    }

    private static async Task<int> CompletedAsync(IChordGrain[] chords) =>
        (await Task.WhenAll(chords.Select(c => c.GetProgressAsync()))).Sum(p => p!.Tasks.Completed);
}
