namespace Chord;

/// <summary>
/// The chords the cluster keeps, newest first. Use key 0: it asks the index's shards, where chords record themselves
/// when accepted and whenever their status changes, and go when they are deleted after their retention.
/// </summary>
[Alias("chord.IChordIndexGrain")]
public interface IChordIndexGrain : IGrainWithIntegerKey
{
    /// <summary>Adds the chord, or updates its status (an entry with an older version is ignored). Idempotent.</summary>
    [Alias("Record")]
    Task RecordAsync(ChordIndexEntry entry);

    /// <summary>Up to <paramref name="limit"/> chords (at most <c>RecentChords</c>), newest first, with the given status when one is given.</summary>
    [Alias("List")]
    Task<ChordIndexEntry[]> ListAsync(ChordStatus? status, int limit);

    /// <summary>
    /// A page of every chord the index keeps: up to <paramref name="limit"/> (at most <c>RecentChords</c>) listed after
    /// <paramref name="after"/> (from the newest when null), newest first, with the given status when one is given.
    /// The next page starts after the last entry returned (<see cref="ChordListCursor.After"/>).
    /// </summary>
    [Alias("ListPage")]
    Task<ChordIndexEntry[]> ListPageAsync(ChordStatus? status, int limit, ChordListCursor? after);

    /// <summary>
    /// The chords that match <paramref name="query"/>, newest first, at most <paramref name="limit"/>, after
    /// <paramref name="after"/>: every chord the index keeps (all retained ones), not only the newest.
    /// </summary>
    [Alias("Search")]
    Task<ChordIndexEntry[]> SearchAsync(ChordIndexQuery query, int limit, ChordListCursor? after);

    /// <summary>The failed tasks of every chord the index keeps that <paramref name="query"/> selects, grouped by handler and error type, most first.</summary>
    [Alias("Failures")]
    Task<FailureSummary[]> FailuresAsync(FailureQuery query);
}
