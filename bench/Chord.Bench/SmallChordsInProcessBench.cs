using System.Diagnostics;
using System.Globalization;

namespace Chord.Bench;

/// <summary>
/// The shop's load of <see cref="SmallChordsBench"/> in process: chords of 10 no-op tasks + <c>sum</c> through grain
/// calls to one in-process silo (memory or Azurite), without HTTP. One at a time (submit → the final snapshot of the
/// chord's watch), then <c>inFlight</c> submitted from 16 callers and watched to the end.
/// </summary>
public static class SmallChordsInProcessBench
{
    private const int Tasks = 10;
    private const int Callers = 16;

    public static async Task RunAsync(IGrainFactory grains, string storage, int sequential, int inFlight)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Small chords in process — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, storage {storage}; chords of {Tasks} no-op tasks + sum."));
        for (var i = 0; i < 20; i++)
        {
            await OneAsync(grains, "warm");
        }

        var latencies = new List<double>();
        for (var i = 0; i < sequential; i++)
        {
            latencies.Add(await OneAsync(grains, "one"));
        }

        latencies.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"One at a time ({sequential} chords): submit → body result p50 {Stats.Percentile(latencies, 0.5):F1} ms, p99 {Stats.Percentile(latencies, 0.99):F1} ms."));

        var watch = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < inFlight; i = Interlocked.Increment(ref next))
            {
                await OneAsync(grains, "many");
            }
        })));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{inFlight:N0} from {Callers} callers, each submit → final: {inFlight / watch.Elapsed.TotalSeconds:N0} chords/s ({watch.Elapsed.TotalSeconds:F1} s)."));
    }

    /// <summary>Submits one chord and waits for its final snapshot on its watch; returns the wall time in ms.</summary>
    private static async Task<double> OneAsync(IGrainFactory grains, string prefix)
    {
        var chord = grains.GetGrain<IChordGrain>($"{prefix}-{Guid.NewGuid():N}");
        var clock = Stopwatch.StartNew();
        await chord.SubmitNewAsync(new ChordSpec { Map = new MapSpec { Handler = "noop", Count = Tasks }, Body = new TaskSpec("sum") });
        await foreach (var progress in chord.WatchAsync(TimeSpan.Zero))
        {
            if (progress.IsFinal)
            {
                if (progress.Status != ChordStatus.Succeeded || progress.Body.Result != $"{Tasks * (Tasks - 1) / 2}")
                {
                    throw new InvalidOperationException($"A chord did not sum to {Tasks * (Tasks - 1) / 2}: {progress.Status}, {progress.Body.Result}");
                }

                break;
            }
        }

        return clock.Elapsed.TotalMilliseconds;
    }
}
