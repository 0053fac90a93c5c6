using Chord.Grains.Handlers;
using Chord.Grains.Hosting;

namespace Chord.Grains.Chords;

/// <summary>
/// How a spec is cut into task grains. Heavy work goes one task per unit, so units spread over the silos and each
/// silo's throttle sees its own share; light work goes many per unit, so grain activation does not dominate.
/// </summary>
public static class ChordPlan
{
    public static int TotalTasks(ChordSpec spec) => spec.Tasks?.Length ?? spec.Map!.Count ?? spec.Map!.Items!.Length;

    /// <summary>Sets the sizes of a new chord's state: tasks, unit size, unit count, window, attempts.</summary>
    public static void Apply(ChordState state, ChordSpec spec, HandlerCatalog catalog, ChordEngineOptions options)
    {
        var handlers = spec.Tasks?.Select(t => t.Handler).Distinct() ?? [spec.Map!.Handler];
        var anyHeavy = handlers.Any(h => catalog.Get(h).Lane is TaskLane.Heavy);
        var maxConcurrency = spec.Options?.MaxConcurrency ?? int.MaxValue;

        state.Total = TotalTasks(spec);
        state.UnitSize = Math.Min(anyHeavy ? 1 : options.LightUnitSize, maxConcurrency);
        state.UnitCount = (int)(((long)state.Total + state.UnitSize - 1) / state.UnitSize);
        state.Window = Math.Clamp(maxConcurrency / state.UnitSize, 1, options.DispatchWindow);
        state.MaxAttempts = spec.Options?.MaxAttempts ?? options.DefaultMaxAttempts;
        state.BodyHandler = spec.Body.Handler;
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

        return new UnitSpec(chordId, unit, tasks, state.MaxAttempts);
    }
}
