namespace Chord;

/// <summary>One call of a webhook: when, how long it took, the receiver's status code and the start of its answer, or why it failed.</summary>
[GenerateSerializer, Immutable, Alias("chord.WebhookAttempt")]
public sealed record WebhookAttempt(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] int DurationMs,
    [property: Id(2)] int? StatusCode,
    [property: Id(3)] string? Response,
    [property: Id(4)] string? Error);
