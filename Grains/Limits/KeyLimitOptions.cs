namespace Chord.Grains.Limits;

/// <summary>One key's settings (<c>Chord:Limits:Keys:{key}</c>).</summary>
public sealed class KeyLimitOptions
{
    public const int MaxWeight = 1_000;

    /// <summary>Heavy permits the key takes per turn in each silo's lane, against 1 for a key without a weight. Default 1.</summary>
    public int Weight { get; set; } = 1;

    /// <summary>
    /// Heavy handlers of the key running at once across the whole cluster at most; none when unset. Silos hold it as
    /// leases that expire after <see cref="ChordLimitsOptions.LeaseTime"/>, so a silo that dies gives its share back.
    /// </summary>
    public int? MaxRunning { get; set; }

    /// <summary>Heavy tasks of the key started per second at most across the whole cluster (a token bucket); none when unset.</summary>
    public double? RatePerSecond { get; set; }

    /// <summary>With <see cref="RatePerSecond"/>: how many may start at once after a quiet spell. Default the rate, rounded up (at least 1).</summary>
    public int? Burst { get; set; }

    /// <summary>The burst in effect.</summary>
    public int EffectiveBurst => Burst ?? (int)Math.Max(1, Math.Ceiling(RatePerSecond ?? 1));

    /// <summary>Whether the key has a cluster-wide limit of either kind.</summary>
    public bool IsLimited => MaxRunning is not null || RatePerSecond is not null;
}
