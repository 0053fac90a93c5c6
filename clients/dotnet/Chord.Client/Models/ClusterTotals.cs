namespace Chord.Client;

/// <summary>The active silos' sums.</summary>
public sealed record ClusterTotals(int ActiveSilos, int HeavyLimit, int Running, int Queued, int Abandoned, double TasksPerSecond, int HousekeepingBacklog, double HousekeepingPerSecond);
