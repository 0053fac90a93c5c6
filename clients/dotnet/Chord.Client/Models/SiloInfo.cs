namespace Chord.Client;

/// <summary>One silo: its membership and its lanes' latest load (null until it reported).</summary>
public sealed record SiloInfo(
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
