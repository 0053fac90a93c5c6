namespace Chord;

/// <summary>What one silo's lanes hold now, as it reports every couple of seconds to the cluster view.</summary>
[GenerateSerializer, Immutable, Alias("chord.SiloLoad")]
public sealed record SiloLoad
{
    /// <summary>The silo's address (as Orleans writes it, e.g. <c>S127.0.0.1:11111:123456789</c>).</summary>
    [Id(0)] public required string Silo { get; init; }

    /// <summary>K: heavy handlers the silo runs at once at most.</summary>
    [Id(1)] public int HeavyLimit { get; init; }

    /// <summary>Heavy handlers running (abandoned ones included).</summary>
    [Id(2)] public int Running { get; init; }

    /// <summary>Heavy tasks waiting for a permit.</summary>
    [Id(3)] public int Queued { get; init; }

    /// <summary>Handlers whose attempt timed out and that still run.</summary>
    [Id(4)] public int Abandoned { get; init; }

    /// <summary>Tasks recorded on the silo since it started.</summary>
    [Id(5)] public long TasksCompleted { get; init; }

    /// <summary>Where the silo's web host (dashboard, <c>/metrics</c>, <c>/health</c>) answers, if it said.</summary>
    [Id(6)] public string? DashboardUrl { get; init; }

    /// <summary>When the silo measured this.</summary>
    [Id(7)] public DateTimeOffset At { get; init; }

    /// <summary>
    /// Heavy handlers among <see cref="Abandoned"/>: each holds a heavy permit that is not free capacity, so the silo
    /// can take <see cref="HeavyLimit"/> less these; with none left it takes no new units.
    /// </summary>
    [Id(8)] public int AbandonedHeavy { get; init; }

    /// <summary>True while the silo's storage writes have been failing (for two report intervals or more): it takes no new units.</summary>
    [Id(9)] public bool StorageFailing { get; init; }

    /// <summary>Housekeeping jobs (purge batches, deletions) waiting for a turn on the silo.</summary>
    [Id(10)] public int HousekeepingBacklog { get; init; }

    /// <summary>Housekeeping jobs running on the silo (at most <c>HousekeepingConcurrency</c>).</summary>
    [Id(11)] public int HousekeepingRunning { get; init; }

    /// <summary>Storage operations per second the silo's housekeeping issued since its previous report (at most <c>HousekeepingRate</c>).</summary>
    [Id(12)] public double HousekeepingPerSecond { get; init; }

    /// <summary>The cluster-wide limits (of keys and handlers) with tasks running or waiting on the silo, or started lately.</summary>
    [Id(13)] public LimitLoad[] Limits { get; init; } = [];
}
