namespace Chord.Grains.Limits;

/// <summary>
/// What a limit's grain grants a silo: the permits it may use now (those it keeps and new ones; fewer than it runs when
/// the limit was lowered), starts from the rate's bucket, and whether the cluster runs over the limit (then the silo
/// gives back the permits its tasks return instead of reusing them).
/// </summary>
[GenerateSerializer, Immutable, Alias("chord.LimitGrant")]
internal sealed record LimitGrant([property: Id(0)] int Leased, [property: Id(1)] int Tokens, [property: Id(2)] bool Over);
