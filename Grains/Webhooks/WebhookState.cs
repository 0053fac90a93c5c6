namespace Chord.Grains.Webhooks;

/// <summary>A chord's webhook events, oldest first.</summary>
[GenerateSerializer, Alias("chord.WebhookState")]
internal sealed class WebhookState
{
    [Id(0)] public List<WebhookRecord> Events { get; set; } = [];
}
