namespace Chord.Grains.Webhooks;

/// <summary>One event a chord asks its webhook grain to deliver: its id (the <c>webhook-id</c>), what it is, where it goes, and the JSON body.</summary>
[GenerateSerializer, Immutable, Alias("chord.WebhookEvent")]
internal sealed record WebhookEvent(
    [property: Id(0)] string EventId,
    [property: Id(1)] NotifyEvent Event,
    [property: Id(2)] int? Percent,
    [property: Id(3)] string Url,
    [property: Id(4)] string Payload);
