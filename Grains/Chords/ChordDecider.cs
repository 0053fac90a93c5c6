using Chord.Grains.Body;
using Chord.Grains.Tasks;

namespace Chord.Grains.Chords;

/// <summary>
/// The chord's rules, as plain functions: given the recorded state and what happened, each returns the next state
/// and what the grain must do once that state is written. Nothing here touches Orleans, a clock or another grain,
/// so every rule is unit- and property-tested without a cluster (<c>tests/Chord.Tests/Core</c>). The input state
/// is never changed: a decision that changes anything carries a copy with its version raised by one.
/// </summary>
internal static class ChordDecider
{
    /// <summary>Failed tasks kept in the snapshot (the count has them all).</summary>
    public const int MaxFailuresShown = UnitReport.MaxFailures;

    /// <summary>
    /// A new chord laid out by <paramref name="layout"/>: running, with its first window of units to send; without
    /// tasks, its body is due at once.
    /// </summary>
    public static ChordDecision Submit(ChordLayout layout, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var state = new ChordState
        {
            Exists = true,
            Status = ChordStatus.Running,
            Total = layout.Total,
            UnitSize = layout.UnitSize,
            UnitCount = layout.UnitCount,
            Window = layout.Window,
            MaxAttempts = layout.MaxAttempts,
            BodyHandler = layout.BodyHandler,
            Combined = layout.BodyCombines ? "null" : null,
            TaskRetry = layout.TaskRetry,
            BodyRetry = layout.BodyRetry,
            TaskTimeout = layout.TaskTimeout,
            BodyTimeout = layout.BodyTimeout,
            Priority = layout.Priority,
            HeartbeatTimeout = layout.HeartbeatTimeout,
            MaxConcurrency = layout.MaxConcurrency,
            HeavyPerUnit = layout.HeavyPerUnit,
            ToleratedFailures = layout.ToleratedFailures,
            ToleratedFailurePercent = layout.ToleratedFailurePercent,
            Labels = layout.Labels,
            Notify = layout.Notify,
            HasThen = layout.HasThen,
            HasOnFailure = layout.HasOnFailure,
            Key = layout.Key,
            KeyLimit = layout.KeyLimit,
            TaskHandlers = layout.TaskHandlers,
            CreatedAt = now,
        };
        var send = Reserve(state);
        var startBody = SettleIfDone(state, now); // an empty header: no task, the body runs at once (as Celery's)
        return Changed(state, new ChordEffects { SendUnits = send, StartBody = startBody });
    }

    /// <summary>
    /// A unit reported its tasks final. It counts only while its unit is in flight, so a repeated or late report
    /// changes nothing (so does one of an earlier redrive). Frees its place in the window for the next unit, and settles the tasks after the last one.
    /// A combining body's partial is merged with <paramref name="merge"/> (the body's combiner).
    /// </summary>
    public static ChordDecision UnitReported(ChordState current, UnitReport report, DateTimeOffset now, Func<string?, string?, string?>? merge = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!current.Exists || !current.InFlight.Contains(report.UnitIndex) || report.Generation != current.Redrives)
        {
            return Unchanged(current);
        }

        var state = current.Copy();
        state.InFlight.Remove(report.UnitIndex);
        state.Succeeded += report.Succeeded;
        state.Failed += report.Failed;
        state.Cancelled += report.Cancelled;
        if (report.CombinerError is { } unitError)
        {
            state.CombinerError ??= TaskError.Bounded($"in unit {report.UnitIndex}: {unitError}", TaskError.MaxMessageLength);
        }
        else if (state.Combined is not null && report.Partial is not null && merge is not null && state.CombinerError is null)
        {
            try
            {
                state.Combined = merge(state.Combined, report.Partial);
            }
            catch (Exception exception)
            {
                // A user's combiner: its failure fails the chord, it must not stop the chord from deciding.
                state.CombinerError = TaskError.Bounded($"merging unit {report.UnitIndex}: {exception.GetType().Name}: {exception.Message}", TaskError.MaxMessageLength);
            }
        }

        if (report.FailuresReported is { Length: > 0 } failures)
        {
            // The first ten failed tasks by index, whatever order their units report in.
            state.Failures = [.. state.Failures.Concat(failures).OrderBy(f => f.Index).Take(MaxFailuresShown)];
        }

        if (report.FailureGroups is { Length: > 0 } groups)
        {
            state.FailureGroups = FailureGroup.Merge(state.FailureGroups, groups);
        }

        int[] cancel = [];
        if (state.Stop is StopReason.None && state.CombinerError is not null)
        {
            state.Stop = StopReason.CombinerFailed;
            cancel = [.. state.InFlight];
        }
        else if (state.Stop is StopReason.None && FailureThresholdCrossed(state) is not null)
        {
            // Fail fast: nothing more is sent, and the units still running are told to stop.
            state.Stop = StopReason.TaskFailed;
            cancel = [.. state.InFlight];
        }

        var send = Reserve(state);
        var startBody = SettleIfDone(state, now);
        return Changed(state, new ChordEffects { SendUnits = send, CancelUnits = cancel, StartBody = startBody });
    }

    /// <summary>
    /// The body started, will retry or finished. A report of an older attempt than the one recorded, of an earlier
    /// redrive, or one that arrives when no body can be running, changes nothing.
    /// </summary>
    public static ChordDecision BodyReported(ChordState current, BodyReport report, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!current.Exists || !BodyDue(current) || report.Attempts < current.BodyAttempts || report.Generation != current.Redrives)
        {
            return Unchanged(current);
        }

        var state = current.Copy();
        state.BodyStatus = report.Status;
        state.BodyAttempts = report.Attempts;
        state.BodyResult = report.Result;
        state.BodyError = report.Error;
        if (report.Status is BodyStatus.Success or BodyStatus.Failure)
        {
            state.Status = report.Status is BodyStatus.Success ? ChordStatus.Succeeded
                : state.Stop is StopReason.CancelRequested ? ChordStatus.Cancelled
                : ChordStatus.Failed;
            state.FinishedAt = now;
        }

        return Changed(state, ChordEffects.None);
    }

    /// <summary>
    /// Stops dispatch: no new unit is sent, those in flight and a running body are told to cancel. On a final or
    /// already cancelling chord it changes nothing; a chord already failing keeps its reason (its units are told to
    /// cancel, nothing is recorded). <paramref name="now"/> is recorded as when the cancel's grace starts
    /// (<see cref="CancelGraceOver"/>).
    /// </summary>
    public static ChordDecision Cancel(ChordState current, DateTimeOffset? now = null)
    {
        if (!current.Exists || current.IsFinal || current.Stop is StopReason.CancelRequested)
        {
            return Unchanged(current);
        }

        if (current.Stop is StopReason.TaskFailed or StopReason.CombinerFailed)
        {
            // Already failing: it keeps that reason and ends failed; the cancel only stops its running units sooner.
            return new ChordDecision(current, false, new ChordEffects { CancelUnits = [.. current.InFlight] });
        }

        var state = current.Copy();
        var bodyRunning = state.Status is ChordStatus.Completing;
        state.Stop = StopReason.CancelRequested;
        state.Status = ChordStatus.Cancelling;
        state.CancelRequestedAt = now;
        return Changed(state, new ChordEffects { CancelUnits = [.. state.InFlight], CancelBody = bodyRunning });
    }

    /// <summary>
    /// A cancelling chord whose body or units have not stopped <paramref name="grace"/> after its cancel was recorded
    /// (they ignore their token) ends <c>cancelled</c> now: what still runs is abandoned, its tasks not yet counted
    /// count as cancelled, a running body fails with <c>Cancelled</c>, and their late reports change nothing (no unit is
    /// in flight, no body is due). Unchanged before that, and for any other chord.
    /// </summary>
    public static ChordDecision CancelGraceOver(ChordState current, DateTimeOffset now, TimeSpan grace)
    {
        if (!current.Exists || current.IsFinal || current.Stop is not StopReason.CancelRequested
            || current.CancelRequestedAt is not { } cancelledAt || now < cancelledAt + grace)
        {
            return Unchanged(current);
        }

        var state = current.Copy();
        int[] running = [.. state.InFlight];
        var bodyRunning = state.TasksFinishedAt is not null;
        state.InFlight.Clear();
        state.TasksFinishedAt ??= now;
        state.Cancelled += state.Total - state.Completed; // in flight, or never sent
        if (bodyRunning)
        {
            state.BodyStatus = BodyStatus.Failure;
            state.BodyError = new TaskError(ErrorTypes.Cancelled, $"The chord was cancelled and its body did not stop within {grace.TotalSeconds:N0} s (CancelGrace); it was abandoned.", state.BodyAttempts);
        }

        state.Status = ChordStatus.Cancelled;
        state.FinishedAt = now;
        return Changed(state, new ChordEffects { CancelUnits = running, CancelBody = bodyRunning });
    }

    /// <summary>
    /// A new <paramref name="maxConcurrency"/> or <paramref name="priority"/> for a running chord (unset: unchanged):
    /// its window becomes what the concurrency allows with its unit size (at least one unit, at most
    /// <paramref name="dispatchWindow"/>), and units sent from now on carry the priority. A wider window sends more units at once; a
    /// narrower one lets those in flight finish and sends no more until they fit. Units keep the size they were cut to.
    /// </summary>
    public static ChordDecision Reconfigure(ChordState current, int? maxConcurrency, ChordPriority? priority, int dispatchWindow, int heavySlots = 0)
    {
        var window = maxConcurrency is { } max ? ChordPlan.WindowFor(current.UnitSize, max, current.HeavyPerUnit, heavySlots, dispatchWindow) : current.Window;
        var newPriority = priority ?? current.Priority;
        var newMaxConcurrency = maxConcurrency ?? current.MaxConcurrency;
        if (!current.Exists || current.IsFinal || (window == current.Window && newPriority == current.Priority && newMaxConcurrency == current.MaxConcurrency))
        {
            return Unchanged(current);
        }

        var state = current.Copy();
        state.Window = window;
        state.Priority = newPriority;
        state.MaxConcurrency = newMaxConcurrency;
        return Changed(state, new ChordEffects { SendUnits = Reserve(state) });
    }

    /// <summary>
    /// The cluster's heavy capacity changed (a silo joined or left): a running chord with heavy tasks gets the window
    /// that fills it (<see cref="ChordPlan.WindowFor"/>, still within its maxConcurrency). Unchanged otherwise.
    /// </summary>
    public static ChordDecision FollowCapacity(ChordState current, int heavySlots, int dispatchWindow)
    {
        if (!current.Exists || current.IsFinal || current.HeavyPerUnit == 0)
        {
            return Unchanged(current);
        }

        var window = ChordPlan.WindowFor(current.UnitSize, current.MaxConcurrency, current.HeavyPerUnit, heavySlots, dispatchWindow);
        if (window == current.Window)
        {
            return Unchanged(current);
        }

        var state = current.Copy();
        state.Window = window;
        return Changed(state, new ChordEffects { SendUnits = Reserve(state) });
    }

    /// <summary>
    /// Why <paramref name="current"/> cannot be redriven, in words; null when it can: it failed or was cancelled and
    /// its task records are still there.
    /// </summary>
    public static string? WhyNotRedrivable(ChordState current) => current switch
    {
        { Status: ChordStatus.Succeeded } => "it succeeded.",
        { IsFinal: false } => $"it is still {current.Status.ToString().ToLowerInvariant()}; redrive it once it failed or was cancelled.",
        { Purged: true } or { PurgedUnits: > 0 } => "its task records were purged after their retention.",
        { CombinerError: { } error } => $"its body's combiner failed ({error}); the merged value it would go on from is lost, so submit the chord again instead.",
        _ => null,
    };

    /// <summary>
    /// Runs a failed or cancelled chord again as its next generation: every unit is sent again in order (a unit runs
    /// only its tasks that did not succeed and reports only those, one whose tasks all succeeded reports nothing new),
    /// then the body runs. The succeeded count and a combiner's merged partial stay; failures and cancellations are
    /// counted afresh. The body's attempts go on counting. The caller checks <see cref="WhyNotRedrivable"/> first.
    /// </summary>
    public static ChordDecision Redrive(ChordState current, DateTimeOffset now)
    {
        if (!current.Exists || WhyNotRedrivable(current) is not null)
        {
            return Unchanged(current);
        }

        var state = current.Copy();
        state.UnitsSent = state.UnitsWithRecords;
        state.Redrives++;
        state.Status = ChordStatus.Running;
        state.Stop = StopReason.None;
        state.NextUnit = 0;
        state.InFlight.Clear();
        state.Failed = 0;
        state.Cancelled = 0;
        state.Failures.Clear();
        state.FailureGroups = [];
        state.TasksFinishedAt = null;
        state.FinishedAt = null;
        state.BodyStatus = BodyStatus.Pending;
        state.BodyResult = null;
        state.BodyError = null;
        state.NotifiedFinal = false;
        state.ProgressNotified = 0;
        state.Next = null;
        state.ContinuationError = null;
        var send = Reserve(state);
        var startBody = SettleIfDone(state, now);
        return Changed(state, new ChordEffects { SendUnits = send, StartBody = startBody });
    }

    /// <summary>
    /// What a new activation must do again, since whatever the previous one sent may have died with it: send every
    /// unit in flight (a unit that finished only reports again) and the body if it is due.
    /// </summary>
    public static ChordEffects Resume(ChordState state) =>
        state.Exists && !state.IsFinal ? Resend(state, [.. state.InFlight], BodyDue(state)) : ChordEffects.None;

    /// <summary>
    /// What the probe sends again: the in-flight units and the body that have been silent for a probe interval
    /// (their silo may be gone). <paramref name="isSilent"/> tells a unit's silence; <paramref name="bodySilent"/> the body's.
    /// </summary>
    public static ChordEffects Probe(ChordState state, Func<int, bool> isSilent, bool bodySilent)
    {
        ArgumentNullException.ThrowIfNull(isSilent);
        if (!state.Exists || state.IsFinal)
        {
            return ChordEffects.None;
        }

        return Resend(state, [.. state.InFlight.Where(isSilent)], bodySilent && BodyDue(state));
    }

    /// <summary>
    /// The records of every unit below <paramref name="upTo"/> are purged: recorded as a cursor, so a purge goes on
    /// from there after a restart. With the last unit ever sent (units never sent hold nothing) the chord counts as
    /// purged, and listings say so.
    /// </summary>
    public static ChordDecision UnitsPurged(ChordState current, int upTo)
    {
        if (!current.IsFinal || current.Purged || upTo <= current.PurgedUnits)
        {
            return Unchanged(current);
        }

        var state = current.Copy();
        state.PurgedUnits = Math.Min(upTo, state.UnitsWithRecords);
        state.Purged = state.PurgedUnits == state.UnitsWithRecords;
        return Changed(state, ChordEffects.None);
    }

    /// <summary>
    /// What retention does next with a final chord, and when: purge its task records (after
    /// <paramref name="resultRetention"/>), then delete the chord itself (after <paramref name="chordRetention"/>).
    /// </summary>
    public static (RetentionStep Step, DateTimeOffset DueAt) NextRetention(ChordState state, TimeSpan resultRetention, TimeSpan chordRetention)
    {
        var finishedAt = state.FinishedAt ?? throw new InvalidOperationException("Only a finished chord is purged.");
        return state.Purged
            ? (RetentionStep.DeleteChord, finishedAt + chordRetention)
            : (RetentionStep.PurgeRecords, finishedAt + (resultRetention < chordRetention ? resultRetention : chordRetention));
    }

    /// <summary>
    /// Which tolerance the chord's failed tasks are over, in words for the body's error; null while within both (no
    /// tolerance given tolerates none).
    /// </summary>
    public static string? FailureThresholdCrossed(ChordState state)
    {
        if (state.Failed == 0)
        {
            return null;
        }

        if (state.ToleratedFailurePercent is { } percent && state.Failed * 100.0 > percent * state.Total)
        {
            return $"over the tolerated {percent:0.##} % (toleratedFailurePercent) of {state.Total} tasks";
        }

        var count = state.ToleratedFailures ?? (state.ToleratedFailurePercent is null ? 0 : int.MaxValue);
        return state.Failed > count ? $"over the tolerated {count} (toleratedFailures)" : null;
    }

    /// <summary>True while the body should be running: every task is final and the chord is not.</summary>
    public static bool BodyDue(ChordState state) => state.TasksFinishedAt is not null && !state.IsFinal;

    private static ChordEffects Resend(ChordState state, int[] units, bool startBody)
    {
        // Sent again while cancelling or failing fast (e.g. after a crash): a unit or a body must cancel, whichever
        // message it sees first, as the units were told when dispatch stopped.
        var cancelling = state.Stop is not StopReason.None;
        return new ChordEffects
        {
            SendUnits = units,
            CancelUnits = cancelling ? units : [],
            StartBody = startBody,
            CancelBody = startBody && cancelling,
        };
    }

    /// <summary>Takes units into the window (up to its size), in order, unless dispatch stopped.</summary>
    private static int[] Reserve(ChordState state)
    {
        var reserved = new List<int>();
        while (state.Stop is StopReason.None && state.InFlight.Count < state.Window && state.NextUnit < state.UnitCount)
        {
            var unit = state.NextUnit++;
            state.InFlight.Add(unit);
            reserved.Add(unit);
        }

        return [.. reserved];
    }

    /// <summary>When no unit is in flight and none will be sent, settles the tasks; true when the body should start.</summary>
    private static bool SettleIfDone(ChordState state, DateTimeOffset now)
    {
        var noMoreUnits = state.NextUnit == state.UnitCount || state.Stop is not StopReason.None;
        if (state.InFlight.Count > 0 || !noMoreUnits || state.TasksFinishedAt is not null)
        {
            return false;
        }

        state.TasksFinishedAt = now;
        state.Cancelled += state.Total - state.Completed; // units never sent
        switch (state.Stop)
        {
            case StopReason.None:
                state.Status = ChordStatus.Completing;
                return true;
            case StopReason.CombinerFailed:
                state.Status = ChordStatus.Failed;
                state.BodyStatus = BodyStatus.Failure;
                state.BodyError = new TaskError(ErrorTypes.ChordError, $"The body's combiner failed {state.CombinerError}, so the body did not run.", 0);
                state.FinishedAt = now;
                return false;
            case StopReason.TaskFailed:
                var first = state.Failures[0];
                state.Status = ChordStatus.Failed;
                state.BodyStatus = BodyStatus.Failure;
                state.BodyError = new TaskError(ErrorTypes.ChordError, $"{state.Failed} task(s) failed, {FailureThresholdCrossed(state)}, so the body did not run; first: task {first.Index} ({first.Handler}): {first.Error.Message}", 0);
                state.FinishedAt = now;
                return false;
            default:
                state.Status = ChordStatus.Cancelled;
                state.FinishedAt = now;
                return false;
        }
    }

    /// <summary>
    /// A finished chord's continuation was submitted as <paramref name="next"/>, or could not be (<paramref name="error"/>):
    /// recorded once, so it is not submitted again. Unchanged for a chord with no continuation due.
    /// </summary>
    public static ChordDecision Continued(ChordState current, string? next, string? error)
    {
        if (!current.ContinuationPending || (next is null && error is null))
        {
            return Unchanged(current);
        }

        var state = current.Copy();
        state.Next = next;
        state.ContinuationError = next is null ? error : null;
        return Changed(state, ChordEffects.None);
    }

    private static ChordDecision Changed(ChordState state, ChordEffects effects)
    {
        state.Version++;
        return new ChordDecision(state, true, effects);
    }

    private static ChordDecision Unchanged(ChordState state) => new(state, false, ChordEffects.None);
}
