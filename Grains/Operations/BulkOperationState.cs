namespace Chord.Grains.Operations;

/// <summary>
/// A bulk operation as recorded after each batch: its spec, how far it got (<see cref="Position"/> in its list of ids,
/// or the <see cref="Cursor"/> of its filter's next page) and its tallies, which always count the batches before
/// that point exactly once.
/// </summary>
[GenerateSerializer, Alias("chord.BulkOperationState")]
internal sealed class BulkOperationState
{
    [Id(0)] public BulkOperationSpec? Spec { get; set; }

    [Id(1)] public BulkOperationStatus Status { get; set; }

    [Id(2)] public DateTimeOffset CreatedAt { get; set; }

    [Id(3)] public DateTimeOffset? FinishedAt { get; set; }

    [Id(4)] public int Position { get; set; }

    [Id(5)] public ChordListCursor? Cursor { get; set; }

    [Id(6)] public int Matched { get; set; }

    [Id(7)] public int Done { get; set; }

    [Id(8)] public int Skipped { get; set; }

    [Id(9)] public int Failed { get; set; }

    [Id(10)] public Dictionary<string, int> SkipReasons { get; set; } = [];

    [Id(11)] public List<BulkChordNote> Skips { get; set; } = [];

    [Id(12)] public List<BulkChordNote> Failures { get; set; } = [];

    public bool Exists => Spec is not null;
}
