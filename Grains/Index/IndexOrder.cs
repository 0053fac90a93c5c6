namespace Chord.Grains.Index;

/// <summary>
/// A shard's chords in listing order (newest first, then by id), so a page walks from its cursor and stops after
/// <c>limit</c> matches instead of sorting every row the shard keeps (100,000 retained chords are 12,500 a shard).
/// </summary>
internal sealed class IndexOrder
{
    // Ids are letters, digits and punctuation: this sorts after every one of them at the oldest time.
    private static readonly Key End = new(DateTimeOffset.MinValue, "\uffff", null);

    private readonly SortedSet<Key> _keys = new(NewestFirst.Instance);

    public void Add(ChordIndexRow row) => _keys.Add(new Key(row.CreatedAt, row.Id, row));

    /// <summary>Removes the chord's row (found by its creation time and id, the order's key).</summary>
    public void Remove(ChordIndexRow row) => _keys.Remove(new Key(row.CreatedAt, row.Id, null));

    /// <summary>The rows listed after <paramref name="after"/> (from the newest when null), in order.</summary>
    public IEnumerable<ChordIndexRow> After(ChordListCursor? after)
    {
        if (after is null)
        {
            return _keys.Select(k => k.Row!);
        }

        var cursor = new Key(after.CreatedAt, after.Id, null);
        return NewestFirst.Instance.Compare(cursor, End) >= 0
            ? []
            : _keys.GetViewBetween(cursor, End).Where(k => NewestFirst.Instance.Compare(k, cursor) != 0).Select(k => k.Row!);
    }

    /// <summary>A place in the order, with the row kept there (the row does not take part in the order).</summary>
    private readonly record struct Key(DateTimeOffset CreatedAt, string Id, ChordIndexRow? Row);

    private sealed class NewestFirst : IComparer<Key>
    {
        public static readonly NewestFirst Instance = new();

        public int Compare(Key x, Key y)
        {
            var byTime = y.CreatedAt.CompareTo(x.CreatedAt);
            return byTime != 0 ? byTime : string.CompareOrdinal(x.Id, y.Id);
        }
    }
}
