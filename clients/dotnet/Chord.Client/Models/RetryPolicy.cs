namespace Chord.Client;

/// <summary>How tasks or the body are retried: attempts in all, the first wait and its cap in milliseconds (doubling, with jitter).</summary>
public sealed record RetryPolicy(int? MaxAttempts = null, int? BackoffMs = null, int? MaxBackoffMs = null);
