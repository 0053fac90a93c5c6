using System.Diagnostics;
using Chord.Grains.Lanes;
using Chord.Grains.Limits;

namespace Chord.Grains.Cluster;

/// <summary>
/// What this silo runs and queues under each cluster-wide limit, for its load reports (with the start rate since the
/// previous report) and its metrics. Only limits in effect now, or with tasks still running under them, are listed.
/// </summary>
internal sealed class LimitLoads(LimitPermits permits, HeavyLane lane)
{
    private readonly Lock _lock = new();
    private Dictionary<LimitScope, long> _startedBefore = [];
    private long _before = Stopwatch.GetTimestamp();

    /// <summary>Each limit's running, waiting and started counts now (rates 0).</summary>
    public IReadOnlyList<LimitLoad> Now()
    {
        var waiting = lane.WaitingByLimit();
        return [.. permits.Uses()
            .Select(use => new LimitLoad(use.Scope.Kind, use.Scope.Name, use.Running, waiting.GetValueOrDefault(use.Scope), use.Started, 0) { MaxRunning = use.MaxRunning })
            .Where(load => load.Running > 0 || permits.IsLimited(new LimitScope(load.Kind, load.Name)))];
    }

    /// <summary>As <see cref="Now"/>, with the starts per second since the previous call; limits idle since then left out.</summary>
    public LimitLoad[] SincePrevious()
    {
        var now = Now();
        var at = Stopwatch.GetTimestamp();
        Dictionary<LimitScope, long> before;
        double seconds;
        lock (_lock)
        {
            (before, _startedBefore) = (_startedBefore, now.ToDictionary(l => new LimitScope(l.Kind, l.Name), l => l.Started));
            (seconds, _before) = (Stopwatch.GetElapsedTime(_before, at).TotalSeconds, at);
        }

        return [.. now
            .Select(l => l with { StartsPerSecond = seconds > 0 ? Math.Round(Math.Max(0, l.Started - before.GetValueOrDefault(new LimitScope(l.Kind, l.Name))) / seconds, 1) : 0 })
            .Where(l => l.Running > 0 || l.Waiting > 0 || l.StartsPerSecond > 0)];
    }
}
