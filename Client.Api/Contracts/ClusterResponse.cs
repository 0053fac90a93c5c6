namespace Chord.Api.Contracts;

/// <summary><c>GET /cluster</c>: the silos that are members now (not the dead ones), and their sums.</summary>
public sealed record ClusterResponse(SiloResponse[] Silos, ClusterTotalsResponse Totals);
