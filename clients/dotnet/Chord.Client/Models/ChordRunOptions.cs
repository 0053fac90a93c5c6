namespace Chord.Client;

/// <summary>
/// A chord's options: on submit, what to ask for (null: the silos' default); in a snapshot, what it runs with.
/// </summary>
public sealed record ChordRunOptions
{
    /// <summary>Most of this chord's tasks running at once in the cluster; null for no limit.</summary>
    public int? MaxConcurrency { get; init; }

    /// <summary>How a failed task is retried.</summary>
    public RetryPolicy? Retry { get; init; }

    /// <summary>How a failed body is retried.</summary>
    public RetryPolicy? BodyRetry { get; init; }

    /// <summary>Longest one task attempt may run, in milliseconds.</summary>
    public int? TaskTimeoutMs { get; init; }

    /// <summary>Longest a running task may go without a heartbeat, in milliseconds.</summary>
    public int? HeartbeatTimeoutMs { get; init; }

    /// <summary>Failed tasks the chord tolerates and still runs its body.</summary>
    public int? ToleratedFailures { get; init; }

    /// <summary>Failed tasks the chord tolerates, as a percentage of its tasks.</summary>
    public double? ToleratedFailurePercent { get; init; }

    /// <summary>Which chords' heavy tasks run first.</summary>
    public ChordPriority? Priority { get; init; }

    /// <summary>Longest one body attempt may run, in milliseconds.</summary>
    public int? BodyTimeoutMs { get; init; }

    /// <summary>A webhook called when the chord finishes (and, if asked, as it progresses).</summary>
    public ChordWebhook? Notify { get; init; }

    /// <summary>The key its work counts under (a tenant, say): each silo's heavy lane serves keys in turn, by weight.</summary>
    public string? Key { get; init; }

    /// <summary>With <see cref="Key"/>: the most of the key's heavy tasks running at once across the cluster this chord asks for (at most the key's configured limit).</summary>
    public int? KeyLimit { get; init; }
}
