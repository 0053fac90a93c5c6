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
}
