namespace Chord.Api.Contracts;

/// <summary>
/// The options a chord runs with: as submitted, with the silo's defaults filled in and later changes
/// (<c>PATCH /chords/{id}/options</c>) applied. <c>maxConcurrency</c> is null when none was given.
/// </summary>
public sealed record OptionsResponse(
    int? MaxConcurrency,
    RetryRequest? Retry,
    RetryRequest? BodyRetry,
    int? TaskTimeoutMs,
    int? HeartbeatTimeoutMs,
    int? ToleratedFailures,
    double? ToleratedFailurePercent,
    ChordPriority? Priority,
    int? BodyTimeoutMs = null,
    NotifyRequest? Notify = null,
    string? Key = null,
    int? KeyLimit = null)
{
    public static OptionsResponse? From(ChordOptions? options) => options is null ? null : new(
        options.MaxConcurrency,
        RetryOf(options.Retry),
        RetryOf(options.BodyRetry),
        options.TaskTimeoutMs,
        options.HeartbeatTimeoutMs,
        options.ToleratedFailures,
        options.ToleratedFailurePercent,
        options.Priority,
        options.BodyTimeoutMs,
        NotifyRequest.From(options.Notify),
        options.Key,
        options.KeyLimit);

    private static RetryRequest? RetryOf(RetryOptions? retry) => retry is null ? null : new(retry.MaxAttempts, retry.BackoffMs, retry.MaxBackoffMs);
}
