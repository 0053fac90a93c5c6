namespace Chord;

/// <summary>
/// Where a page of the chord index ended: the next page holds the chords listed after it (older ones, or as old
/// with a later id), so paging goes on correctly while new chords arrive at the top.
/// </summary>
[GenerateSerializer, Immutable, Alias("chord.ChordListCursor")]
public sealed record ChordListCursor([property: Id(0)] DateTimeOffset CreatedAt, [property: Id(1)] string Id)
{
    /// <summary>The cursor after <paramref name="entry"/>.</summary>
    public static ChordListCursor After(ChordIndexEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new ChordListCursor(entry.CreatedAt, entry.Id);
    }

    /// <summary>Whether <paramref name="entry"/> comes after this cursor in the index's order (newest first, then by id).</summary>
    public bool IsBefore(ChordIndexEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.CreatedAt < CreatedAt || (entry.CreatedAt == CreatedAt && string.CompareOrdinal(entry.Id, Id) > 0);
    }
}
