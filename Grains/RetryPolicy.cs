using Chord.Grains.Handlers;

namespace Chord.Grains;

/// <summary>
/// A chord's retries for its tasks or its body, resolved at submit from its options and the silo's defaults:
/// attempts in all, the first backoff and its cap. <see cref="Defaulted"/> says which parts the chord left unset:
/// a handler that declares its own defaults (<see cref="RetryDefaultsAttribute"/>) fills those
/// (<see cref="For"/>). Policies recorded before it was kept have none defaulted, so they never change.
/// </summary>
[GenerateSerializer, Immutable, Alias("chord.RetryPolicy")]
internal sealed record RetryPolicy(
    [property: Id(0)] int MaxAttempts,
    [property: Id(1)] TimeSpan Backoff,
    [property: Id(2)] TimeSpan MaxBackoff,
    [property: Id(3)] RetryFields Defaulted = RetryFields.None)
{
    /// <summary>What <paramref name="retry"/> asks for, the chord's <paramref name="maxAttempts"/> shorthand next, then the defaults.</summary>
    public static RetryPolicy Of(RetryOptions? retry, int? maxAttempts, ChordEngineOptions defaults) => new(
        retry?.MaxAttempts ?? maxAttempts ?? defaults.DefaultMaxAttempts,
        retry?.BackoffMs is { } backoff ? TimeSpan.FromMilliseconds(backoff) : defaults.RetryDelay,
        retry?.MaxBackoffMs is { } max ? TimeSpan.FromMilliseconds(max) : defaults.MaxRetryDelay,
        (retry?.MaxAttempts is null && maxAttempts is null ? RetryFields.MaxAttempts : RetryFields.None)
            | (retry?.BackoffMs is null ? RetryFields.Backoff : RetryFields.None)
            | (retry?.MaxBackoffMs is null ? RetryFields.MaxBackoff : RetryFields.None));

    /// <summary>The policy of a chord recorded before policies were kept: its attempts and today's defaults.</summary>
    public static RetryPolicy Legacy(int maxAttempts, ChordEngineOptions defaults) => new(maxAttempts, defaults.RetryDelay, defaults.MaxRetryDelay);

    /// <summary>
    /// The policy a task or body runs by: the one its chord sent (<paramref name="sent"/>; from a chord of the previous
    /// release only its <paramref name="maxAttempts"/> and today's defaults), with what it left unset taken from the
    /// <paramref name="handler"/>'s declared defaults. The one place units and bodies look it up.
    /// </summary>
    public static RetryPolicy Resolve(RetryPolicy? sent, int maxAttempts, ChordEngineOptions defaults, HandlerDescriptor? handler) =>
        (sent ?? Legacy(maxAttempts, defaults)).For(handler);

    /// <summary>This policy with the parts the chord left unset taken from <paramref name="handler"/>'s declared defaults, if any.</summary>
    public RetryPolicy For(HandlerDescriptor? handler)
    {
        if (Defaulted is RetryFields.None || handler?.RetryDefaults is not { } declared)
        {
            return this;
        }

        return this with
        {
            MaxAttempts = Defaulted.HasFlag(RetryFields.MaxAttempts) && declared.MaxAttempts > 0 ? declared.MaxAttempts : MaxAttempts,
            Backoff = Defaulted.HasFlag(RetryFields.Backoff) && declared.BackoffMs > 0 ? TimeSpan.FromMilliseconds(declared.BackoffMs) : Backoff,
            MaxBackoff = Defaulted.HasFlag(RetryFields.MaxBackoff) && declared.MaxBackoffMs > 0 ? TimeSpan.FromMilliseconds(declared.MaxBackoffMs) : MaxBackoff,
        };
    }

    /// <summary>The wait after failed attempt <paramref name="attempt"/>: doubling from the backoff, capped, then between half and all of it.</summary>
    public TimeSpan WaitAfter(int attempt) => Retry.Backoff(Backoff, attempt, MaxBackoff) * (0.5 + (Random.Shared.NextDouble() / 2));
}
