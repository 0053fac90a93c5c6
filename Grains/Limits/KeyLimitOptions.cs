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
}
