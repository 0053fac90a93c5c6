namespace Chord;

/// <summary>
/// A bulk operation: one <see cref="Action"/> on the chords named by <see cref="Ids"/> or, instead, on every retained
/// chord that <see cref="Filter"/> selects among those created before the operation started (set exactly one).
/// </summary>
[GenerateSerializer, Immutable, Alias("chord.BulkOperationSpec")]
public sealed record BulkOperationSpec
{
    /// <summary>The most chord ids one operation may name.</summary>
    public const int MaxIds = 10_000;

    [Id(0)] public BulkAction Action { get; init; }

    [Id(1)] public string[]? Ids { get; init; }

    [Id(2)] public ChordIndexQuery? Filter { get; init; }

    /// <summary>Whether <paramref name="other"/> asks for the same operation (a repeated start, not a conflicting one).</summary>
    public bool SameAs(BulkOperationSpec other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Action == other.Action
            && (Ids ?? []).SequenceEqual(other.Ids ?? [], StringComparer.Ordinal)
            && (Filter is null) == (other.Filter is null)
            && (Filter is null || Filter.SameAs(other.Filter!));
    }
}
