namespace Chord.Grains.Limits;

/// <summary>What a key's grain grants a silo: permits beyond those it keeps, and starts.</summary>
[GenerateSerializer, Immutable, Alias("chord.KeyGrant")]
internal sealed record KeyGrant([property: Id(0)] int Permits, [property: Id(1)] int Tokens);
