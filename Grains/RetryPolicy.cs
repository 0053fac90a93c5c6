namespace Chord.Grains;

/// <summary>
/// A chord's retries for its tasks or its body, resolved at submit from its options and the silo's defaults:
/// attempts in all, the first backoff and its cap.
/// </summary>
[GenerateSerializer, Immutable, Alias("chord.RetryPolicy")]
internal sealed record RetryPolicy([property: Id(0)] int MaxAttempts, [property: Id(1)] TimeSpan Backoff, [property: Id(2)] TimeSpan MaxBackoff)
{
    /// <summary>What <paramref name="retry"/> asks for, the chord's <paramref name="maxAttempts"/> shorthand next, then the defaults.</summary>
    public static RetryPolicy Of(RetryOptions? retry, int? maxAttempts, ChordEngineOptions defaults) => new(
        retry?.MaxAttempts ?? maxAttempts ?? defaults.DefaultMaxAttempts,
        retry?.BackoffMs is { } backoff ? TimeSpan.FromMilliseconds(backoff) : defaults.RetryDelay,
        retry?.MaxBackoffMs is { } max ? TimeSpan.FromMilliseconds(max) : defaults.MaxRetryDelay);

    /// <summary>The policy of a chord recorded before policies were kept: its attempts and today's defaults.</summary>
    public static RetryPolicy Legacy(int maxAttempts, ChordEngineOptions defaults) => new(maxAttempts, defaults.RetryDelay, defaults.MaxRetryDelay);

    /// <summary>The wait after failed attempt <paramref name="attempt"/>: doubling from the backoff, capped, then between half and all of it.</summary>
    public TimeSpan WaitAfter(int attempt) => Retry.Backoff(Backoff, attempt, MaxBackoff) * (0.5 + (Random.Shared.NextDouble() / 2));
}
