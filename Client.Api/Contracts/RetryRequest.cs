using System.ComponentModel;
namespace Chord.Api.Contracts;

/// <summary>How tasks or the body are retried: attempts in all, the first wait and its cap in milliseconds (doubling, with jitter).</summary>
public sealed record RetryRequest(
    [property: Description("Attempts in all, the first included.")] int? MaxAttempts,
    [property: Description("The wait before the second attempt, in milliseconds; it doubles (with jitter) for each further one.")] int? BackoffMs,
    [property: Description("The longest wait between attempts, in milliseconds.")] int? MaxBackoffMs)
{
    public RetryOptions ToOptions() => new() { MaxAttempts = MaxAttempts, BackoffMs = BackoffMs, MaxBackoffMs = MaxBackoffMs };
}
