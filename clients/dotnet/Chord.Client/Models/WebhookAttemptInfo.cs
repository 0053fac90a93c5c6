namespace Chord.Client;

/// <summary>One call of a webhook: the receiver's status code and the start of its answer, or why it failed.</summary>
public sealed record WebhookAttemptInfo(DateTimeOffset At, int DurationMs, int? StatusCode, string? Response, string? Error);
