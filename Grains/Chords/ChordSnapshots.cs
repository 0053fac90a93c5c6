namespace Chord.Grains.Chords;

/// <summary>Builds what readers see from a recorded state: pure, so the numbers are tested without a cluster.</summary>
internal static class ChordSnapshots
{
    /// <summary>
    /// The snapshot of <paramref name="state"/>: counts that add up to the total, the body, the first failures.
    /// <paramref name="queued"/> and <paramref name="running"/> are what its running units last said they hold.
    /// </summary>
    public static ChordProgress Of(string id, ChordState state, int queued = 0, int running = 0) => new()
    {
        Id = id,
        Status = state.Status,
        Tasks = CountsOf(state, queued, running),
        Body = new BodyProgress(state.BodyHandler, state.BodyStatus, state.BodyAttempts, state.BodyResult, state.BodyError),
        CreatedAt = state.CreatedAt,
        TasksFinishedAt = state.TasksFinishedAt,
        FinishedAt = state.FinishedAt,
        Failures = [.. state.Failures],
        Version = state.Version,
        Redrives = state.Redrives,
        Options = OptionsOf(state),
        Failing = state.Stop is StopReason.TaskFailed or StopReason.CombinerFailed && !state.IsFinal,
        Labels = state.Labels,
        FailureGroups = state.FailureGroups,
        Next = state.Next,
        Previous = state.Previous,
        ContinuationError = state.ContinuationError,
    };

    /// <summary>
    /// The counts: final ones as recorded; the open tasks (not final, in this drive) split into running and queued as
    /// the units say, within what is open (a unit's word can be a moment old), and pending for the rest. So they add
    /// up to the total and none is negative, whatever the units say.
    /// </summary>
    public static TaskCounts CountsOf(ChordState state, int queued, int running)
    {
        var open = Math.Max(0, state.Total - state.Completed);
        running = Math.Clamp(running, 0, open);
        queued = Math.Clamp(queued, 0, open - running);
        return new TaskCounts(state.Total, open - running - queued, running, state.Succeeded, state.Failed, state.Cancelled) { Queued = queued };
    }

    /// <summary>The options in effect, as the chord recorded them (defaults filled in, later changes applied).</summary>
    public static ChordOptions OptionsOf(ChordState state) => new()
    {
        MaxConcurrency = state.MaxConcurrency,
        Retry = RetryOf(state.TaskRetry, state.MaxAttempts),
        BodyRetry = RetryOf(state.BodyRetry, state.MaxAttempts),
        TaskTimeoutMs = Milliseconds(state.TaskTimeout),
        HeartbeatTimeoutMs = Milliseconds(state.HeartbeatTimeout),
        BodyTimeoutMs = Milliseconds(state.BodyTimeout),
        ToleratedFailures = state.ToleratedFailures,
        ToleratedFailurePercent = state.ToleratedFailurePercent,
        Notify = state.Notify,
        Key = state.Key,
        KeyLimit = state.KeyLimit,
        Priority = state.Priority,
    };

    private static RetryOptions? RetryOf(RetryPolicy? policy, int maxAttempts) => policy is null
        ? new RetryOptions { MaxAttempts = maxAttempts }
        : new RetryOptions { MaxAttempts = policy.MaxAttempts, BackoffMs = (int)policy.Backoff.TotalMilliseconds, MaxBackoffMs = (int)policy.MaxBackoff.TotalMilliseconds };

    private static int? Milliseconds(TimeSpan? span) => span is { } value ? (int)value.TotalMilliseconds : null;

    /// <summary>The snapshot with its rate (tasks completed per second since creation) and ETA as of <paramref name="now"/>.</summary>
    public static ChordProgress WithRate(ChordProgress snapshot, DateTimeOffset now)
    {
        var until = snapshot.TasksFinishedAt ?? now;
        var seconds = (until - snapshot.CreatedAt).TotalSeconds;
        var completed = snapshot.Tasks.Completed;
        var rate = seconds > 0 ? completed / seconds : 0;
        double? eta = snapshot.TasksFinishedAt is null && rate > 0 ? (snapshot.Tasks.Total - completed) / rate : null;
        return snapshot with { TasksPerSecond = Math.Round(rate, 1), EtaSeconds = eta is { } e ? Math.Round(e, 1) : null };
    }
}
