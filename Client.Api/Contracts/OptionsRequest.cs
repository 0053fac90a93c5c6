namespace Chord.Api.Contracts;

/// <summary>Per-chord options. <c>maxAttempts</c> is the shorthand of earlier releases for both retries' attempts.</summary>
public sealed record OptionsRequest(int? MaxConcurrency, int? MaxAttempts, RetryRequest? Retry = null, RetryRequest? BodyRetry = null, int? TaskTimeoutMs = null,
    int? ToleratedFailures = null, double? ToleratedFailurePercent = null, ChordPriority? Priority = null, int? HeartbeatTimeoutMs = null, int? BodyTimeoutMs = null);
