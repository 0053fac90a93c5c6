namespace Chord.Client;

/// <summary>The cluster's member silos (not the dead ones) and their sums.</summary>
public sealed record ClusterSnapshot(SiloInfo[] Silos, ClusterTotals Totals);
