namespace Chord.Client;

/// <summary>
/// The limits to set on a key or handler from now on, all of them: one left null no longer limits.
/// <see cref="Weight"/> is for keys only.
/// </summary>
public sealed record LimitChange
{
    public int? MaxRunning { get; init; }

    public double? RatePerSecond { get; init; }

    public int? Burst { get; init; }

    public int? Weight { get; init; }
}
