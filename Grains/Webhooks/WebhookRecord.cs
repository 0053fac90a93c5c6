namespace Chord.Grains.Webhooks;

/// <summary>One event as its grain records it; the body is kept only while it is pending.</summary>
[GenerateSerializer, Alias("chord.WebhookRecord")]
internal sealed class WebhookRecord
{
    [Id(0)] public string EventId { get; set; } = "";

    [Id(1)] public NotifyEvent Event { get; set; }

    [Id(2)] public int? Percent { get; set; }

    [Id(3)] public string Url { get; set; } = "";

    [Id(4)] public WebhookDeliveryStatus Status { get; set; }

    [Id(5)] public DateTimeOffset CreatedAt { get; set; }

    [Id(6)] public DateTimeOffset? NextAttemptAt { get; set; }

    [Id(7)] public List<WebhookAttempt> Attempts { get; set; } = [];

    [Id(8)] public string? Payload { get; set; }

    [Id(9)] public int AttemptCount { get; set; }

    public WebhookDelivery ToDelivery() => new()
    {
        EventId = EventId,
        Event = Event,
        Percent = Percent,
        Url = Url,
        Status = Status,
        CreatedAt = CreatedAt,
        NextAttemptAt = NextAttemptAt,
        Attempts = [.. Attempts],
    };
}
