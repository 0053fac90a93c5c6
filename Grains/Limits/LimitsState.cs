namespace Chord.Grains.Limits;

/// <summary>The runtime overrides of the configured limits, as <see cref="LimitsGrain"/> stores them.</summary>
[GenerateSerializer, Alias("chord.LimitsState")]
internal sealed class LimitsState
{
    [Id(0)] public long Version { get; set; }

    [Id(1)] public List<LimitEntry> Entries { get; set; } = [];
}
