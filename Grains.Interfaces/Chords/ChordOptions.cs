namespace Chord;

/// <summary>Per-chord options. Unset values take the silo's defaults (see README, <c>Chord:Engine</c>).</summary>
[GenerateSerializer, Immutable, Alias("chord.ChordOptions")]
public sealed record ChordOptions
{
    /// <summary>At most this many of the chord's tasks are dispatched at once.</summary>
    [Id(0)] public int? MaxConcurrency { get; init; }

    /// <summary>
    /// Attempts per task and for the body before it counts as failed (1 = no retry). The shorthand of earlier
    /// releases: <see cref="Retry"/> and <see cref="BodyRetry"/> say more, and their own <c>MaxAttempts</c> wins.
    /// </summary>
    [Id(1)] public int? MaxAttempts { get; init; }

    /// <summary>How the tasks are retried.</summary>
    [Id(2)] public RetryOptions? Retry { get; init; }

    /// <summary>How the body is retried.</summary>
    [Id(3)] public RetryOptions? BodyRetry { get; init; }

    /// <summary>
    /// The longest a task's attempt may run, in milliseconds, once it has its lane's permit: then its token is
    /// cancelled and the attempt fails with error type <c>Timeout</c> (and is retried). None when unset.
    /// </summary>
    [Id(4)] public int? TaskTimeoutMs { get; init; }

    /// <summary>
    /// Failed tasks (after their retries) the chord tolerates: while it stays within this and
    /// <see cref="ToleratedFailurePercent"/>, it goes on and its body runs with the succeeded results and the failures.
    /// None by default: the first failure fails the chord.
    /// </summary>
    [Id(5)] public int? ToleratedFailures { get; init; }

    /// <summary>Failed tasks tolerated as a percentage of all tasks (0–100); see <see cref="ToleratedFailures"/>.</summary>
    [Id(6)] public double? ToleratedFailurePercent { get; init; }

    /// <summary>Its heavy tasks' place in each silo's heavy lane (default normal).</summary>
    [Id(7)] public ChordPriority? Priority { get; init; }

    /// <summary>
    /// The longest a task's handler may go without a heartbeat (<c>TaskContext.Heartbeat</c>), in milliseconds from
    /// when its attempt starts or from its last heartbeat: then its token is cancelled and the attempt fails with
    /// error type <c>HeartbeatTimeout</c> (and is retried). None when unset.
    /// </summary>
    [Id(8)] public int? HeartbeatTimeoutMs { get; init; }

    /// <summary>
    /// The longest each attempt of the body may run, in milliseconds: then its token is cancelled, it is abandoned and
    /// fails with error type <c>Timeout</c> (and is retried per <see cref="BodyRetry"/>). None when unset.
    /// </summary>
    [Id(9)] public int? BodyTimeoutMs { get; init; }

    /// <summary>A webhook called when the chord finishes (and, if asked, as it progresses).</summary>
    [Id(10)] public NotifySpec? Notify { get; init; }

    /// <summary>
    /// The key the chord's work counts under, e.g. its tenant: each silo's heavy lane serves keys in turn (by their
    /// configured weight), so one key's backlog does not delay another's tasks. None: the chord is a key of its own.
    /// </summary>
    [Id(11)] public string? Key { get; init; }

    /// <summary>
    /// The chord's own limit on its key's heavy tasks running at once across the cluster (with <see cref="Key"/>; at most
    /// the key's configured <c>MaxRunning</c>). Chords of a key with different ones: the lowest among those with tasks
    /// waiting or running applies. None when unset.
    /// </summary>
    [Id(12)] public int? KeyLimit { get; init; }
}
