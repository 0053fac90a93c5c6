namespace Chord;

/// <summary>
/// The limits on one key or handler: heavy handlers running at once across the cluster, heavy tasks started per
/// second (with a burst), and, for a key, its weight in each silo's heavy lane. Unset: not limited that way (weight 1).
/// </summary>
[GenerateSerializer, Immutable, Alias("chord.LimitSettings")]
public sealed record LimitSettings
{
    [Id(0)] public int? MaxRunning { get; init; }

    [Id(1)] public double? RatePerSecond { get; init; }

    [Id(2)] public int? Burst { get; init; }

    /// <summary>Keys only: permits per turn in each silo's heavy lane.</summary>
    [Id(3)] public int? Weight { get; init; }
}
