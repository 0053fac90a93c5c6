namespace Chord;

/// <summary>
/// How a chord's tasks (or its body) are retried: attempts in all, the first backoff and its cap. The backoff doubles
/// per attempt, with jitter (each wait is between half and all of it). Unset values take the silo's defaults
/// (3 attempts, 100 ms, 30,000 ms; see README, <c>Chord:Engine</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("chord.RetryOptions")]
public sealed record RetryOptions
{
    /// <summary>Attempts in all, the first included (1 = no retry).</summary>
    [Id(0)] public int? MaxAttempts { get; init; }

    /// <summary>The wait before the second attempt, in milliseconds.</summary>
    [Id(1)] public int? BackoffMs { get; init; }

    /// <summary>The longest wait between two attempts, in milliseconds.</summary>
    [Id(2)] public int? MaxBackoffMs { get; init; }
}
