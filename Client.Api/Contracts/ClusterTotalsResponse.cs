namespace Chord.Api.Contracts;

/// <summary>The cluster's sums: active silos, heavy capacity (the sum of K), running, queued and abandoned handlers, tasks per second, housekeeping backlog and its storage operations per second.</summary>
public sealed record ClusterTotalsResponse(int ActiveSilos, int HeavyLimit, int Running, int Queued, int Abandoned, double TasksPerSecond, int HousekeepingBacklog, double HousekeepingPerSecond);
