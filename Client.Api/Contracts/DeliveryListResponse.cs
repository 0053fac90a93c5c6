namespace Chord.Api.Contracts;

/// <summary>A chord's webhook events, oldest first, each with its calls (<c>GET /v1/chords/{id}/deliveries</c>).</summary>
public sealed record DeliveryListResponse(WebhookDelivery[] Items);
