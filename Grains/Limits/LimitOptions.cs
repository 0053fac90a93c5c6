namespace Chord.Grains.Limits;

/// <summary>
/// A cluster-wide limit on heavy handlers: those of a key (<c>Chord:Limits:Keys:{key}</c>, see
/// <see cref="KeyLimitOptions"/>) or of a handler (<c>Chord:Limits:Handlers:{handler}</c>).
/// </summary>
public class LimitOptions
{
    /// <summary>The most a limit can allow of either kind.</summary>
    public const int MaxValue = 1_000_000;

    /// <summary>
    /// Heavy handlers running at once across the whole cluster at most; none when unset. Silos hold it as leases that
    /// expire after <see cref="ChordLimitsOptions.LeaseTime"/>, so a silo that dies gives its share back.
    /// </summary>
    public int? MaxRunning { get; set; }

    /// <summary>Heavy tasks started per second at most across the whole cluster (a token bucket); none when unset.</summary>
    public double? RatePerSecond { get; set; }

    /// <summary>With <see cref="RatePerSecond"/>: how many may start at once after a quiet spell. Default the rate, rounded up (at least 1).</summary>
    public int? Burst { get; set; }

    /// <summary>The burst in effect.</summary>
    public int EffectiveBurst => Burst ?? (int)Math.Max(1, Math.Ceiling(RatePerSecond ?? 1));

    /// <summary>Whether it limits anything cluster-wide.</summary>
    public bool IsLimited => MaxRunning is not null || RatePerSecond is not null;

    /// <summary>What is wrong with it, each as the setting's name and the rule it breaks ("must be …").</summary>
    public virtual IEnumerable<(string Setting, string Rule)> Problems()
    {
        if (RatePerSecond is { } rate && !(rate > 0 && rate <= MaxValue))
        {
            yield return (nameof(RatePerSecond), "must be more than 0 and at most 1,000,000.");
        }

        if (Burst is < 1 or > MaxValue)
        {
            yield return (nameof(Burst), "must be between 1 and 1,000,000.");
        }

        if (MaxRunning is < 1 or > MaxValue)
        {
            yield return (nameof(MaxRunning), "must be between 1 and 1,000,000.");
        }
    }
}
