namespace Chord.Grains.Limits;

/// <summary>Until when a limit's grain may have granted leases: a new activation grants nothing before then.</summary>
[GenerateSerializer, Alias("chord.LimitBooksState")]
internal sealed class LimitBooksState
{
    [Id(0)] public DateTimeOffset GrantsUntil { get; set; }
}
