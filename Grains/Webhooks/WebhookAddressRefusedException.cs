namespace Chord.Grains.Webhooks;

/// <summary>A webhook's host resolved only to addresses the cluster may not call.</summary>
internal sealed class WebhookAddressRefusedException(string message) : Exception(message);
