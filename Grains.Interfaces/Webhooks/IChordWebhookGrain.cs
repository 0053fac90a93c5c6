namespace Chord;

/// <summary>The webhook deliveries of one chord (same key as the chord): each event and every call made for it.</summary>
[Alias("chord.IChordWebhookGrain")]
public interface IChordWebhookGrain : IGrainWithStringKey
{
    /// <summary>The chord's webhook events, oldest first, with their attempts (the latest 20 each).</summary>
    [AlwaysInterleave, Alias("ListDeliveries")]
    Task<WebhookDelivery[]> ListDeliveriesAsync();
}
