namespace Chord.Api.Contracts;

/// <summary>How tasks or the body are retried: attempts in all, the first wait and its cap in milliseconds (doubling, with jitter).</summary>
public sealed record RetryRequest(int? MaxAttempts, int? BackoffMs, int? MaxBackoffMs)
{
    public RetryOptions ToOptions() => new() { MaxAttempts = MaxAttempts, BackoffMs = BackoffMs, MaxBackoffMs = MaxBackoffMs };
}
