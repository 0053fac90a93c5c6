namespace Chord.Api.Contracts;

/// <summary>
/// <c>GET /cluster</c>: the silos that are members now (not the dead ones), their sums, and the keys and handlers under
/// cluster-wide limits with what runs and waits under each.
/// </summary>
public sealed record ClusterResponse(SiloResponse[] Silos, ClusterTotalsResponse Totals, LimitUsageResponse[] Keys, LimitUsageResponse[] Handlers);
