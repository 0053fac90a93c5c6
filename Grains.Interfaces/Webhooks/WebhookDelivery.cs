namespace Chord;

/// <summary>One webhook event of a chord and its calls: <see cref="EventId"/> is the <c>webhook-id</c> every call of it carries.</summary>
[GenerateSerializer, Immutable, Alias("chord.WebhookDelivery")]
public sealed record WebhookDelivery
{
    [Id(0)] public required string EventId { get; init; }

    [Id(1)] public required NotifyEvent Event { get; init; }

    /// <summary>For a progress event, the percent of tasks completed it reports.</summary>
    [Id(2)] public int? Percent { get; init; }

    [Id(3)] public required string Url { get; init; }

    [Id(4)] public WebhookDeliveryStatus Status { get; init; }

    [Id(5)] public DateTimeOffset CreatedAt { get; init; }

    [Id(6)] public DateTimeOffset? NextAttemptAt { get; init; }

    [Id(7)] public WebhookAttempt[] Attempts { get; init; } = [];
}
