namespace Chord.Grains.Limits;

/// <summary>
/// What a silo asks of a key's grain: it keeps <see cref="Holding"/> permits (renewing their lease), wants
/// <see cref="WantPermits"/> more within <see cref="MaxRunning"/>, and <see cref="WantTokens"/> starts from the key's
/// bucket of <see cref="RatePerSecond"/> and <see cref="Burst"/> (the limits as this silo reads them).
/// </summary>
[GenerateSerializer, Immutable, Alias("chord.KeyRequest")]
internal sealed record KeyRequest(
    [property: Id(0)] string Silo,
    [property: Id(1)] int Holding,
    [property: Id(2)] int WantPermits,
    [property: Id(3)] int MaxRunning,
    [property: Id(4)] int WantTokens,
    [property: Id(5)] double RatePerSecond,
    [property: Id(6)] int Burst);
