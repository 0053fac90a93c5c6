namespace Chord.Client;

/// <summary>What a chord's webhook is called for.</summary>
public enum WebhookEventKind
{
    Succeeded,
    Failed,
    Cancelled,

    /// <summary>Each time its completed tasks pass another <see cref="ChordWebhook.ProgressEveryPercent"/>.</summary>
    Progress,
}
