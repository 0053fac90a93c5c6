using Microsoft.Extensions.Options;

namespace Chord.Grains.Limits;

/// <summary>Each key's weight in the heavy lane, as configured now (a reload takes effect at the key's next turn).</summary>
internal sealed class KeyWeights(IOptionsMonitor<ChordLimitsOptions> options)
{
    public int Of(string key) => options.CurrentValue.Keys.TryGetValue(key, out var limit) && limit is not null ? limit.Weight : 1;
}
