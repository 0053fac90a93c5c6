namespace Chord;

/// <summary>Whether a bulk operation still goes through its chords.</summary>
[GenerateSerializer, Alias("chord.BulkOperationStatus")]
public enum BulkOperationStatus
{
    Running,

    /// <summary>Every selected chord was acted on, skipped or counted as failed.</summary>
    Completed,
}
