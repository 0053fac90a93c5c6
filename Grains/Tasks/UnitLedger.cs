namespace Chord.Grains.Tasks;

/// <summary>
/// The unit's rules, as plain functions over its recorded <see cref="UnitState"/>: what a run keeps and runs, the
/// attempt numbers of what it runs after lost and handed-back runs, when a task fails <c>WorkerLost</c> without
/// running, what starting and handing back a task change in the state, and what a report counts. Nothing here
/// touches Orleans, storage or a clock, so the rules are property-tested without a cluster (<c>UnitLedgerTests</c>).
/// <para>
/// A run records, before each task's handler first starts in it, that the task started (<see cref="UnitState.StartedRuns"/>,
/// per position, for the drive <see cref="UnitState.RunsGeneration"/>). A run whose silo died leaves those marks;
/// the next run charges each marked task one attempt per mark: only tasks that had started, not those still queued.
/// A clean stop takes its marks back (it costs no attempt); the write of the unit's records clears them.
/// </para>
/// </summary>
internal static class UnitLedger
{
    /// <summary>What a run does with each task of <paramref name="spec"/>, by position.</summary>
    /// <param name="spec">The unit as the chord sent it.</param>
    /// <param name="state">The unit's recorded state.</param>
    /// <param name="earlier">The records of an earlier drive by task index (none on a first drive).</param>
    /// <param name="maxAttemptsOf">The attempts the retry policy gives the task at a position in this drive.</param>
    public static TaskPlan[] Plan(UnitSpec spec, UnitState state, IReadOnlyDictionary<int, TaskRecord>? earlier, Func<int, int> maxAttemptsOf)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(state);
        var plans = new TaskPlan[spec.Tasks.Length];
        for (var position = 0; position < plans.Length; position++)
        {
            var before = earlier?.GetValueOrDefault(spec.Tasks[position].Index);
            if (before is { State: TaskOutcome.Succeeded })
            {
                plans[position] = new TaskPlan(TaskPlanKind.Keep, before, 0, 0, 0);
                continue;
            }

            var earlierAttempts = before?.Attempts ?? 0;
            var lost = LostRuns(state, spec.Generation, position);
            var maxAttempts = maxAttemptsOf(position);
            plans[position] = lost >= maxAttempts
                ? new TaskPlan(TaskPlanKind.Lost, before, lost, earlierAttempts + lost, earlierAttempts + lost)
                : new TaskPlan(TaskPlanKind.Run, before, lost, earlierAttempts + lost + 1, earlierAttempts + maxAttempts);
        }

        return plans;
    }

    /// <summary>
    /// Runs of drive <paramref name="generation"/> that started the task at <paramref name="position"/> and recorded
    /// nothing (their silo died). A state of the previous release kept one count for the whole unit: it charges
    /// every task.
    /// </summary>
    public static int LostRuns(UnitState state, int generation, int position)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.RunsGeneration != generation)
        {
            return 0;
        }

        return state.StartedRuns is { } started ? (position < started.Length ? started[position] : 0) : state.RunsStarted;
    }

    /// <summary>
    /// The handler of the task at <paramref name="position"/> starts in the run that marked <paramref name="marked"/>:
    /// the first time in that run it is marked, so a run lost from now on charges it an attempt. True when the state
    /// changed and must be written before the handler starts; false for a task this run had marked already (a retry,
    /// or a start told twice). A mark of another drive is forgotten first (that drive's records settled it).
    /// </summary>
    public static bool Start(UnitState state, int generation, int position, int size, ISet<int> marked)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(marked);
        if (!marked.Add(position))
        {
            return false;
        }

        if (state.RunsGeneration != generation)
        {
            state.RunsGeneration = generation;
            state.RunsStarted = 0;
            state.StartedRuns = null;
        }

        // Upgraded here, where it is read: the previous release's one count becomes each task's.
        state.StartedRuns ??= Enumerable.Repeat(state.RunsStarted, size).ToArray();
        state.RunsStarted = 0;
        state.StartedRuns[position]++;
        return true;
    }

    /// <summary>
    /// A clean stop hands the run back: the tasks it started (<paramref name="positions"/>) lose this run's mark, so
    /// the stop costs them no attempt. True when the state changed.
    /// </summary>
    public static bool HandBack(UnitState state, int generation, IEnumerable<int> positions)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(positions);
        if (state.RunsGeneration != generation || state.StartedRuns is not { } started)
        {
            return false;
        }

        var changed = false;
        foreach (var position in positions)
        {
            if (position < started.Length && started[position] > 0)
            {
                started[position]--;
                changed = true;
            }
        }

        return changed;
    }

    /// <summary>The unit's records are written: no run of it is lost any more.</summary>
    public static void Recorded(UnitState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.StartedRuns = null;
        state.RunsStarted = 0;
    }

    /// <summary>
    /// The unit's report: its tasks' counts and first failures, leaving out those <paramref name="kept"/> from an
    /// earlier drive (the chord counted them then); <paramref name="partial"/> and <paramref name="combinerError"/>
    /// come from the body's combiner.
    /// </summary>
    public static UnitReport Report(UnitSpec spec, TaskRecord[] records, bool[]? kept, string? partial = null, string? combinerError = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(records);
        int succeeded = 0, failed = 0, cancelled = 0;
        var failures = new List<TaskFailure>();
        var failedTasks = new List<FailureGroup>();
        for (var i = 0; i < records.Length; i++)
        {
            if (kept is not null && kept[i])
            {
                continue;
            }

            switch (records[i].State)
            {
                case TaskOutcome.Succeeded:
                    succeeded++;
                    break;
                case TaskOutcome.Failed:
                    failed++;
                    var error = records[i].Error!;
                    failedTasks.Add(new FailureGroup(spec.Tasks[i].Handler, error.Type, 1, records[i].Index, TaskError.Bounded(error.Message, FailureGroup.MaxSampleLength)));
                    if (failures.Count < UnitReport.MaxFailures)
                    {
                        // Without its stack trace: the chord's state keeps ten of these and is written on every report.
                        failures.Add(new TaskFailure(records[i].Index, spec.Tasks[i].Handler, records[i].Error! with { StackTrace = null }));
                    }

                    break;
                default:
                    cancelled++;
                    break;
            }
        }

        return new UnitReport(spec.UnitIndex, succeeded, failed, cancelled, failures.FirstOrDefault(), partial, failures.Count > 0 ? [.. failures] : null, spec.Generation, combinerError,
            failedTasks.Count > 0 ? FailureGroup.Merge([], failedTasks) : null);
    }
}
