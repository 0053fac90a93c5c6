namespace Chord.Grains.Limits;

/// <summary>
/// What a silo asks of a limit's grain: it runs <see cref="Running"/> tasks under the limit and keeps
/// <see cref="Holding"/> permits (renewing their lease), wants <see cref="WantPermits"/> more within
/// <see cref="MaxRunning"/> for its <see cref="Waiting"/> tasks, and <see cref="WantTokens"/> starts from the bucket of
/// <see cref="RatePerSecond"/> and <see cref="Burst"/> (the limits as this silo reads them).
/// </summary>
[GenerateSerializer, Immutable, Alias("chord.LimitRequest")]
internal sealed record LimitRequest(
    [property: Id(0)] string Silo,
    [property: Id(1)] int Holding,
    [property: Id(2)] int WantPermits,
    [property: Id(3)] int MaxRunning,
    [property: Id(4)] int WantTokens,
    [property: Id(5)] double RatePerSecond,
    [property: Id(6)] int Burst,
    [property: Id(7)] int Running,
    [property: Id(8)] int Waiting);
