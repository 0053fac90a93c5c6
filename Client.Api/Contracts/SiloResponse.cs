namespace Chord.Api.Contracts;

/// <summary>
/// One silo of the cluster: its membership (address, name, status, start, uptime) and its lanes' latest load (null
/// until it reported): heavy limit K, handlers running, tasks queued, abandoned handlers, tasks per second, and its
/// housekeeping (purges, deletions): jobs waiting for a turn and storage operations per second.
/// </summary>
public sealed record SiloResponse(
    string Address,
    string? Name,
    string Status,
    DateTimeOffset StartedAt,
    double UptimeSeconds,
    int? HeavyLimit,
    int? Running,
    int? Queued,
    int? Abandoned,
    double? TasksPerSecond,
    string? DashboardUrl,
    int? HousekeepingBacklog,
    double? HousekeepingPerSecond);
