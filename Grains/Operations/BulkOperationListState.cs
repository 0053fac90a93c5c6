namespace Chord.Grains.Operations;

/// <summary>The operations kept, oldest first.</summary>
[GenerateSerializer, Alias("chord.BulkOperationListState")]
internal sealed class BulkOperationListState
{
    [Id(0)] public List<BulkOperationEntry> Entries { get; set; } = [];
}
