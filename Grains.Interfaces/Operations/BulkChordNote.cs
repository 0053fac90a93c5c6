namespace Chord;

/// <summary>A chord a bulk operation skipped or failed on: its id, a short reason code and what happened.</summary>
[GenerateSerializer, Immutable, Alias("chord.BulkChordNote")]
public sealed record BulkChordNote(
    [property: Id(0)] string ChordId,
    [property: Id(1)] string Reason,
    [property: Id(2)] string Message);
