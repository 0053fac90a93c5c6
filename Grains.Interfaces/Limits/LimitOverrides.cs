namespace Chord;

/// <summary>The runtime overrides of the configured limits, under a version that grows with every change.</summary>
[GenerateSerializer, Immutable, Alias("chord.LimitOverrides")]
public sealed record LimitOverrides(
    [property: Id(0)] long Version,
    [property: Id(1)] LimitEntry[] Entries)
{
    public static readonly LimitOverrides None = new(0, []);
}
