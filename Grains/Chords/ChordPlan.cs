using Chord.Grains.Handlers;
using Chord.Grains.Tasks;

namespace Chord.Grains.Chords;

/// <summary>
/// How a spec is cut into task grains. Light work goes many tasks per unit, so grain activation and writes do not
/// dominate. Heavy work goes few per unit, so units spread over the silos and each silo's throttle sees its own
/// share: one per unit while the chord's heavy tasks fill its window fewer than 8 times, more (up to
/// <see cref="ChordEngineOptions.HeavyUnitSize"/>) in larger chords, where one unit write then records several heavy
/// tasks. A list that mixes both gets units that hold at most that many heavy tasks and as many light ones as fit
/// between them (up to a light unit): one heavy task in a million light ones keeps light units, and heavy tasks
/// that come together in the list still spread over units, so over the silos.
/// </summary>
internal static class ChordPlan
{
    public static int TotalTasks(ChordSpec spec) => spec.Tasks?.Length ?? spec.Map!.Count ?? spec.Map!.Items!.Length;

    /// <summary>The layout of a new chord: tasks, unit size, unit count, window, attempts.</summary>
    /// <param name="spec">The chord.</param>
    /// <param name="catalog">The handlers (their lanes).</param>
    /// <param name="options">The engine's settings.</param>
    /// <param name="heavySlots">The cluster's heavy permits (the sum of K over its silos), which a heavy chord's window follows.</param>
    public static ChordLayout Layout(ChordSpec spec, HandlerCatalog catalog, ChordEngineOptions options, int heavySlots = 0)
    {
        var total = TotalTasks(spec);
        var heavy = spec.Tasks is { } tasks
            ? tasks.Count(t => catalog.Get(t.Handler).Lane is TaskLane.Heavy)
            : catalog.Get(spec.Map!.Handler).Lane is TaskLane.Heavy ? total : 0;
        var maxConcurrency = spec.Options?.MaxConcurrency ?? int.MaxValue;

        var unitSize = UnitSize(total, heavy, maxConcurrency, options);
        if (spec.Tasks is { } list && heavy > 0 && heavy < total)
        {
            unitSize = BreakUpHeavyRuns(list, catalog, unitSize, HeavyPerUnit(heavy, maxConcurrency, options));
        }

        unitSize = Math.Min(unitSize, maxConcurrency);
        var unitCount = (int)(((long)total + unitSize - 1) / unitSize);
        var heavyPerUnit = heavy > 0 ? Math.Min(HeavyPerUnit(heavy, maxConcurrency, options), unitSize) : 0;
        var window = WindowFor(unitSize, spec.Options?.MaxConcurrency, heavyPerUnit, heavySlots, options.DispatchWindow);
        var taskRetry = RetryPolicy.Of(spec.Options?.Retry, spec.Options?.MaxAttempts, options);
        var bodyRetry = RetryPolicy.Of(spec.Options?.BodyRetry, spec.Options?.MaxAttempts, options);
        return new ChordLayout(total, unitSize, unitCount, window, taskRetry.MaxAttempts, spec.Body.Handler, catalog.Get(spec.Body.Handler).IsCombiner, taskRetry, bodyRetry,
            spec.Options?.TaskTimeoutMs is { } timeoutMs ? TimeSpan.FromMilliseconds(timeoutMs) : null,
            spec.Options?.ToleratedFailures, spec.Options?.ToleratedFailurePercent, spec.Options?.Priority ?? ChordPriority.Normal,
            spec.Options?.HeartbeatTimeoutMs is { } silenceMs ? TimeSpan.FromMilliseconds(silenceMs) : null, spec.Options?.MaxConcurrency, heavyPerUnit,
            spec.Options?.BodyTimeoutMs is { } bodyTimeoutMs ? TimeSpan.FromMilliseconds(bodyTimeoutMs) : null,
            spec.Labels is { Count: > 0 } labels ? labels : null,
            spec.Tasks is { } named ? [.. named.Select(t => t.Handler).Distinct(StringComparer.Ordinal)] : [spec.Map!.Handler],
            spec.Options?.Notify,
            spec.Then is not null,
            spec.OnFailure is not null,
            spec.Options?.Key,
            spec.Options?.KeyLimit);
    }

    /// <summary>
    /// Units a chord keeps in flight: what its <paramref name="maxConcurrency"/> allows with its unit size (at least
    /// one), up to the dispatch window, or for a chord with heavy tasks up to twice the units that fill every heavy
    /// permit of the cluster when that is more: so one chord can use all the cluster's heavy capacity, with a task
    /// queued behind each running one.
    /// </summary>
    public static int WindowFor(int unitSize, int? maxConcurrency, int heavyPerUnit, int heavySlots, int dispatchWindow)
    {
        var toFillCluster = heavyPerUnit > 0 ? (int)Math.Ceiling(2.0 * heavySlots / heavyPerUnit) : 0;
        return Math.Clamp((maxConcurrency ?? int.MaxValue) / Math.Max(unitSize, 1), 1, Math.Max(dispatchWindow, toFillCluster));
    }

    private static int UnitSize(int total, int heavy, int maxConcurrency, ChordEngineOptions options)
    {
        if (heavy == 0)
        {
            return options.LightUnitSize;
        }

        var heavyPerUnit = HeavyPerUnit(heavy, maxConcurrency, options);
        var withLight = Math.Min((long)total * heavyPerUnit / heavy, options.LightUnitSize);
        return (int)Math.Max(heavyPerUnit, withLight);
    }

    /// <summary>
    /// Heavy tasks per unit: one until the chord's heavy tasks (or those that may run at once) fill its window
    /// <see cref="WindowsBeforeGrouping"/> times over, then more, up to the heavy unit size. A unit runs on one silo,
    /// so grouping costs balance at the end of a chord; with that many windows' worth of units the cost is small.
    /// </summary>
    private static int HeavyPerUnit(int heavy, int maxConcurrency, ChordEngineOptions options) =>
        Math.Clamp(Math.Min(heavy, maxConcurrency) / (options.DispatchWindow * WindowsBeforeGrouping), 1, options.HeavyUnitSize);

    private const int WindowsBeforeGrouping = 8;

    /// <summary>
    /// Halves <paramref name="unitSize"/> until no unit of the list holds more than <paramref name="heavyPerUnit"/>
    /// heavy tasks: sized by the average, a list whose heavy tasks come together would put them all in a few units.
    /// </summary>
    private static int BreakUpHeavyRuns(TaskSpec[] list, HandlerCatalog catalog, int unitSize, int heavyPerUnit)
    {
        var heavyBefore = new int[list.Length + 1];
        for (var i = 0; i < list.Length; i++)
        {
            heavyBefore[i + 1] = heavyBefore[i] + (catalog.Get(list[i].Handler).Lane is TaskLane.Heavy ? 1 : 0);
        }

        while (unitSize > heavyPerUnit && MostHeavyInAUnit(heavyBefore, unitSize) > heavyPerUnit)
        {
            unitSize = Math.Max(heavyPerUnit, unitSize / 2);
        }

        return unitSize;
    }

    private static int MostHeavyInAUnit(int[] heavyBefore, int unitSize)
    {
        var total = heavyBefore.Length - 1;
        var most = 0;
        for (var first = 0; first < total; first += unitSize)
        {
            most = Math.Max(most, heavyBefore[Math.Min(first + unitSize, total)] - heavyBefore[first]);
        }

        return most;
    }

    /// <summary>The tasks of unit <paramref name="unit"/>, as its task grain receives them.</summary>
    public static UnitSpec Unit(string chordId, ChordSpec spec, ChordState state, int unit)
    {
        var first = unit * state.UnitSize;
        var tasks = new TaskItem[state.SizeOfUnit(unit)];
        for (var i = 0; i < tasks.Length; i++)
        {
            var index = first + i;
            tasks[i] = spec.Tasks is { } list
                ? new TaskItem(index, list[index].Handler, list[index].Args)
                : new TaskItem(index, spec.Map!.Handler, spec.Map.Items is { } items ? items[index] : spec.Map.Args);
        }

        return new UnitSpec(chordId, unit, tasks, state.MaxAttempts, state.Combined is null ? null : state.BodyHandler, state.TaskRetry, state.TaskTimeout, state.Priority, state.Redrives, state.HeartbeatTimeout, state.TraceParent, Key: state.Key, KeyLimit: state.KeyLimit);
    }
}
