namespace Chord.Client;

/// <summary>
/// A chord's webhook: <paramref name="Url"/> is called (POST, the snapshot, signed as Standard Webhooks says) for each
/// of <paramref name="Events"/> (default: the final ones), retried until delivered; the cluster must allow its host.
/// </summary>
public sealed record ChordWebhook(string Url, WebhookEventKind[]? Events = null, int? ProgressEveryPercent = null);
