namespace Chord;

/// <summary>
/// One cluster-wide limit as a silo sees it: its heavy tasks running under the limit there, those waiting there, and
/// those started there per second since the silo's previous report; and the most running at once it applies there now.
/// </summary>
[GenerateSerializer, Immutable, Alias("chord.LimitLoad")]
public sealed record LimitLoad(
    [property: Id(0)] LimitKind Kind,
    [property: Id(1)] string Name,
    [property: Id(2)] int Running,
    [property: Id(3)] int Waiting,
    [property: Id(4)] long Started,
    [property: Id(5)] double StartsPerSecond)
{
    /// <summary>The most of them running at once the silo applies now (the configured limit, or a chord's lower <c>keyLimit</c>); none: no such limit.</summary>
    [Id(6)] public int? MaxRunning { get; init; }
}
