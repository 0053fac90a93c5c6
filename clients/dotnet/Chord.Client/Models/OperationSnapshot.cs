namespace Chord.Client;

/// <summary>
/// A bulk operation and how far it got: each chord it selected ends in exactly one of <see cref="Done"/>,
/// <see cref="Skipped"/> (counted by reason in <see cref="SkipReasons"/>) and <see cref="Failed"/>.
/// </summary>
public sealed record OperationSnapshot(
    string Id,
    OperationAction Action,
    OperationState Status,
    int? IdCount,
    ChordQuery? Filter,
    int Matched,
    int Done,
    int Skipped,
    int Failed,
    IReadOnlyDictionary<string, int> SkipReasons,
    OperationNote[] Skips,
    OperationNote[] Failures,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt)
{
    public bool IsFinal => Status is OperationState.Completed;
}
