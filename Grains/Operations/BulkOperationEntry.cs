namespace Chord.Grains.Operations;

/// <summary>An operation in the list: its id, when it started, and whether it finished.</summary>
[GenerateSerializer, Alias("chord.BulkOperationEntry")]
internal sealed class BulkOperationEntry
{
    [Id(0)] public string Id { get; set; } = "";

    [Id(1)] public DateTimeOffset CreatedAt { get; set; }

    [Id(2)] public bool Finished { get; set; }
}
