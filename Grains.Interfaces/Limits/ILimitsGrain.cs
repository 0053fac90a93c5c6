namespace Chord;

/// <summary>
/// The cluster's limits (one grain, key 0): those configured (<c>Chord:Limits</c>, as its silo reads them) and the
/// overrides set while the cluster runs, which it stores. Every silo follows the overrides within half a second.
/// </summary>
[Alias("chord.ILimitsGrain")]
public interface ILimitsGrain : IGrainWithIntegerKey
{
    /// <summary>Every key and handler with limits, overrides in place of what they override.</summary>
    [Alias("List")]
    Task<LimitEntry[]> ListAsync();

    /// <summary>
    /// Overrides the limits of one key or handler (all of them: an unset one no longer limits); throws
    /// <see cref="ChordValidationException"/> on a bad name or value.
    /// </summary>
    [Alias("Set")]
    Task<LimitEntry> SetAsync(LimitKind kind, string name, LimitSettings settings);

    /// <summary>Drops the override of one key or handler (its configured limits, if any, apply again); false when it had none.</summary>
    [Alias("Reset")]
    Task<bool> ResetAsync(LimitKind kind, string name);

    /// <summary>The overrides, or null when they are still at <paramref name="knownVersion"/> (how silos follow them).</summary>
    [AlwaysInterleave, Alias("GetOverrides")]
    Task<LimitOverrides?> GetOverridesAsync(long knownVersion);
}
