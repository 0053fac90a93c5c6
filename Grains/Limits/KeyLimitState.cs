namespace Chord.Grains.Limits;

/// <summary>Until when a key's grain may have granted leases: a new activation grants nothing before then.</summary>
[GenerateSerializer, Alias("chord.KeyLimitState")]
internal sealed class KeyLimitState
{
    [Id(0)] public DateTimeOffset GrantsUntil { get; set; }
}
