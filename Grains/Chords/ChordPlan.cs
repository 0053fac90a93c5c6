using Chord.Grains.Handlers;
using Chord.Grains.Tasks;

namespace Chord.Grains.Chords;

/// <summary>
/// How a spec is cut into task grains. Heavy work goes one task per unit, so units spread over the silos and each
/// silo's throttle sees its own share; light work goes many per unit, so grain activation does not dominate. A list
/// whose heavy tasks are sparse (at most one per light unit) keeps light units: its few heavy tasks still wait for
/// a permit of their unit's silo, and a million light tasks do not each become a unit because one task is heavy.
/// </summary>
internal static class ChordPlan
{
    public static int TotalTasks(ChordSpec spec) => spec.Tasks?.Length ?? spec.Map!.Count ?? spec.Map!.Items!.Length;

    /// <summary>The layout of a new chord: tasks, unit size, unit count, window, attempts.</summary>
    public static ChordLayout Layout(ChordSpec spec, HandlerCatalog catalog, ChordEngineOptions options)
    {
        var total = TotalTasks(spec);
        var heavy = spec.Tasks is { } tasks
            ? tasks.Count(t => catalog.Get(t.Handler).Lane is TaskLane.Heavy)
            : catalog.Get(spec.Map!.Handler).Lane is TaskLane.Heavy ? total : 0;
        var maxConcurrency = spec.Options?.MaxConcurrency ?? int.MaxValue;

        var heavyUnits = heavy > 0 && (long)heavy * options.LightUnitSize > total;
        var unitSize = Math.Min(heavyUnits ? 1 : options.LightUnitSize, maxConcurrency);
        var unitCount = (int)(((long)total + unitSize - 1) / unitSize);
        var window = Math.Clamp(maxConcurrency / unitSize, 1, options.DispatchWindow);
        var maxAttempts = spec.Options?.MaxAttempts ?? options.DefaultMaxAttempts;
        return new ChordLayout(total, unitSize, unitCount, window, maxAttempts, spec.Body.Handler, catalog.Get(spec.Body.Handler).IsCombiner);
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

        return new UnitSpec(chordId, unit, tasks, state.MaxAttempts, state.Combined is null ? null : state.BodyHandler);
    }
}
