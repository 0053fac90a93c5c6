namespace Chord.Grains.Webhooks;

/// <summary>What one call of a webhook came to: the attempt as recorded, whether it delivered, and whether trying again is pointless (the host is not allowed).</summary>
internal sealed record WebhookCall(WebhookAttempt Attempt, bool Delivered, bool Final);
