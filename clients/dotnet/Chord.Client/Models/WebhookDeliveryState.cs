namespace Chord.Client;

/// <summary>Where one webhook event stands.</summary>
public enum WebhookDeliveryState
{
    /// <summary>Not yet answered 2xx; tried again at its next attempt time.</summary>
    Pending,

    Delivered,

    /// <summary>Given up (not delivered within the cluster's RetryFor, or its host is not allowed).</summary>
    Failed,
}
