using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chord.Grains.Cluster;

/// <summary>
/// This silo's picture of every silo's load, for placing units and sizing chords' windows: the cluster view's latest
/// reports (fetched again once older than <see cref="ChordEngineOptions.LoadReportInterval"/>, in the background, so
/// no placement waits for it) plus the units this silo placed on each silo since that silo last reported, which the
/// report cannot yet show. A silo that has not reported counts as empty, so a silo that just joined gets work at once.
/// </summary>
internal sealed partial class ClusterLoad(IGrainFactory grains, ISiloStatusOracle membership, IOptions<ChordEngineOptions> options, TimeProvider time, ILogger<ClusterLoad> logger)
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>> _placed = new();
    private volatile Dictionary<string, SiloView> _views = [];
    private DateTimeOffset _fetchedAt = DateTimeOffset.MinValue;
    private int _fetching;

    /// <summary>
    /// How loaded <paramref name="silo"/> is, in heavy permits' worth: (handlers running + tasks queued + units placed
    /// there since its report) / K. A permit held by an abandoned handler is not free capacity: such handlers count
    /// neither as running nor in K, and a silo whose permits they all hold takes a unit only when every silo is as full.
    /// </summary>
    public double Estimate(string silo)
    {
        FetchIfStale();
        var view = _views.GetValueOrDefault(silo);
        if (view is { Leaving: true })
        {
            return double.MaxValue; // stopping: it takes no new work
        }

        if (view is not null && Silent(view))
        {
            return Wedged; // its reports stopped: it may be cut off, and what goes there would wait for the membership
        }

        // Placements older than the view's fetch less one report interval are in the silo's report (both on this clock).
        var since = view is null ? DateTimeOffset.MinValue : _fetchedAt - options.Value.LoadReportInterval;
        var placed = 0;
        if (_placed.TryGetValue(silo, out var times))
        {
            while (times.TryPeek(out var oldest) && oldest < since)
            {
                times.TryDequeue(out _); // the silo's report counts these now
            }

            placed = times.Count;
        }

        return Score(view?.Load, placed, options.Value.HeavyConcurrency);
    }

    /// <summary>
    /// The load of a silo that reported <paramref name="load"/> (none yet: empty, with <paramref name="defaultLimit"/>
    /// permits) and was sent <paramref name="placed"/> units since: its work per permit that abandoned handlers leave
    /// free; <see cref="Wedged"/> when they hold them all.
    /// </summary>
    public static double Score(SiloLoad? load, int placed, int defaultLimit)
    {
        if (load?.StorageFailing == true)
        {
            return Wedged; // its units could not record what they run
        }

        var abandoned = load?.AbandonedHeavy ?? 0;
        var limit = (load?.HeavyLimit ?? defaultLimit) - abandoned;
        if (limit <= 0)
        {
            return Wedged; // what goes there waits for handlers that may never return
        }

        return (Math.Max(0, (load?.Running ?? 0) - abandoned) + (load?.Queued ?? 0) + placed) / (double)limit;
    }

    /// <summary>The load of a silo whose heavy permits are all held by abandoned handlers: worse than any other, better than leaving.</summary>
    public const double Wedged = double.MaxValue / 2;

    /// <summary>True when <paramref name="silo"/> said it leaves or reports its storage writes failing: nothing new should go there.</summary>
    public bool Avoids(string silo)
    {
        FetchIfStale();
        return _views.GetValueOrDefault(silo) is { } view && (view.Leaving || view.Load.StorageFailing || Silent(view));
    }

    /// <summary>
    /// True when the silo's last report is older than <see cref="SilentAfterReports"/> report intervals: a silo cut off
    /// from the others stops reporting long before the membership votes it dead, and its last report, which does not
    /// show the units placed there since, would make it look idle and draw every new unit into the cut.
    /// </summary>
    private bool Silent(SiloView view) => time.GetUtcNow() - view.Load.At > options.Value.LoadReportInterval * SilentAfterReports;

    /// <summary>Report intervals without a report after which a silo takes no new work.</summary>
    public const int SilentAfterReports = 6;

    /// <summary>A unit was just placed on <paramref name="silo"/>.</summary>
    public void Placed(string silo) => _placed.GetOrAdd(silo, _ => new ConcurrentQueue<DateTimeOffset>()).Enqueue(time.GetUtcNow());

    /// <summary>
    /// Heavy handlers the cluster can start at once: the sum over the silos that report of K less the permits held by
    /// abandoned handlers, at least this silo's K.
    /// </summary>
    public int HeavySlots
    {
        get
        {
            FetchIfStale();
            var active = membership.GetApproximateSiloStatuses(onlyActive: true);
            var slots = _views.Values
                .Where(view => !view.Leaving && !Silent(view) && active.Keys.Any(address => address.ToString() == view.Load.Silo))
                .Sum(view => UsableSlots(view.Load));
            return Math.Max(slots, options.Value.HeavyConcurrency);
        }
    }

    /// <summary>The heavy permits of a silo that abandoned handlers do not hold.</summary>
    public static int UsableSlots(SiloLoad load) => load.StorageFailing ? 0 : Math.Max(0, load.HeavyLimit - load.AbandonedHeavy);

    /// <summary>
    /// The new picture: the view's latest reports, plus what the previous picture knew of silos still members that
    /// the view has lost, and a silo's leaving once said. The view lives in memory on one silo: when that silo stops,
    /// a new activation starts empty, and without this the stopping silo (whose leave it heard) would look empty and
    /// take new units.
    /// </summary>
    public static Dictionary<string, SiloView> Merge(IReadOnlyDictionary<string, SiloView> previous, IEnumerable<SiloView> latest, Func<string, bool> isMember)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(latest);
        ArgumentNullException.ThrowIfNull(isMember);
        var merged = latest.ToDictionary(view => view.Load.Silo, StringComparer.Ordinal);
        foreach (var (silo, before) in previous)
        {
            if (!isMember(silo))
            {
                continue; // dead, or gone from the membership: nothing to keep
            }

            if (!merged.TryGetValue(silo, out var now))
            {
                merged[silo] = before;
            }
            else if (before.Leaving && !now.Leaving)
            {
                merged[silo] = now with { Leaving = true };
            }
        }

        return merged;
    }

    private void FetchIfStale()
    {
        if (time.GetUtcNow() - _fetchedAt < options.Value.LoadReportInterval || Interlocked.Exchange(ref _fetching, 1) == 1)
        {
            return;
        }

        _ = Task.Run(FetchAsync); // not on a calling grain's scheduler, nor in its request context
    }

    private async Task FetchAsync()
    {
        try
        {
            var views = await grains.GetGrain<IClusterViewGrain>(0).GetAsync();
            var members = membership.GetApproximateSiloStatuses(onlyActive: false)
                .Where(member => member.Value is not SiloStatus.Dead)
                .Select(member => member.Key.ToString())
                .ToHashSet(StringComparer.Ordinal);
            _views = Merge(_views, views, members.Contains);
            _fetchedAt = time.GetUtcNow();
            foreach (var gone in _placed.Keys.Where(silo => !_views.ContainsKey(silo)).ToList())
            {
                // A silo that left (or never reported within a minute): its placements no longer matter.
                if (_placed.TryGetValue(gone, out var times) && (times.IsEmpty || time.GetUtcNow() - times.LastOrDefault() > TimeSpan.FromMinutes(1)))
                {
                    _placed.TryRemove(gone, out _);
                }
            }
        }
        catch (Exception exception)
        {
            LogFetchFailed(logger, exception);
            _fetchedAt = time.GetUtcNow(); // try again after an interval, not on every placement
        }
        finally
        {
            Volatile.Write(ref _fetching, 0);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reading the cluster view for placement failed; units are placed on what is known.")]
    private static partial void LogFetchFailed(ILogger logger, Exception exception);
}
