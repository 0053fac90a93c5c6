namespace Chord;

/// <summary>
/// Where a bulk operation stands. Every selected chord ends in exactly one of <see cref="Done"/>, <see cref="Skipped"/>
/// (it was in no state for the action: <see cref="SkipReasons"/> counts why) or <see cref="Failed"/> (the cluster
/// did not answer). <see cref="Matched"/> is final from the start for a list of ids and grows as a filter's chords
/// are found; a few of each kind of note are kept.
/// </summary>
[GenerateSerializer, Immutable, Alias("chord.BulkOperationProgress")]
public sealed record BulkOperationProgress
{
    [Id(0)] public required string Id { get; init; }

    [Id(1)] public required BulkOperationSpec Spec { get; init; }

    [Id(2)] public BulkOperationStatus Status { get; init; }

    [Id(3)] public int Matched { get; init; }

    [Id(4)] public int Done { get; init; }

    [Id(5)] public int Skipped { get; init; }

    [Id(6)] public int Failed { get; init; }

    [Id(7)] public Dictionary<string, int> SkipReasons { get; init; } = [];

    /// <summary>The first skipped chords (up to <c>100</c>), with why.</summary>
    [Id(8)] public BulkChordNote[] Skips { get; init; } = [];

    /// <summary>The first chords the operation failed on (up to <c>100</c>), with the error.</summary>
    [Id(9)] public BulkChordNote[] Failures { get; init; } = [];

    [Id(10)] public DateTimeOffset CreatedAt { get; init; }

    [Id(11)] public DateTimeOffset? FinishedAt { get; init; }

    public bool IsFinal => Status is BulkOperationStatus.Completed;
}
