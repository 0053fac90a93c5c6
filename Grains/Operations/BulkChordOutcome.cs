namespace Chord.Grains.Operations;

/// <summary>What a chord answered a bulk operation: done (now or by an earlier try of the same operation), or skipped with a reason code and why.</summary>
[GenerateSerializer, Immutable, Alias("chord.BulkChordOutcome")]
internal sealed record BulkChordOutcome([property: Id(0)] bool Done, [property: Id(1)] string? Reason = null, [property: Id(2)] string? Message = null)
{
    public static readonly BulkChordOutcome Applied = new(true);

    public static BulkChordOutcome Skip(string reason, string message) => new(false, reason, message);
}
