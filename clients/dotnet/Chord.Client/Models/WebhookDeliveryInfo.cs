namespace Chord.Client;

/// <summary>One webhook event of a chord: its <c>webhook-id</c>, its status (pending, delivered, failed) and its latest calls.</summary>
public sealed record WebhookDeliveryInfo(
    string EventId,
    WebhookEventKind Event,
    int? Percent,
    string Url,
    WebhookDeliveryState Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    WebhookAttemptInfo[] Attempts);
