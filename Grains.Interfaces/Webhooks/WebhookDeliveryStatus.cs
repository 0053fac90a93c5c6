namespace Chord;

/// <summary>Where one webhook event stands.</summary>
[GenerateSerializer, Alias("chord.WebhookDeliveryStatus")]
public enum WebhookDeliveryStatus
{
    /// <summary>Not yet answered with a 2xx; tried again at <see cref="WebhookDelivery.NextAttemptAt"/>.</summary>
    Pending,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>Given up: not delivered within <c>Chord:Webhooks:RetryFor</c>, or its host is no longer allowed.</summary>
    Failed,
}
