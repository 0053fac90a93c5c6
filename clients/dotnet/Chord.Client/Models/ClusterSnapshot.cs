namespace Chord.Client;

/// <summary>The cluster's member silos (not the dead ones), their sums, and the keys and handlers under cluster-wide limits.</summary>
public sealed record ClusterSnapshot(SiloInfo[] Silos, ClusterTotals Totals, LimitUsage[]? Keys = null, LimitUsage[]? Handlers = null);
