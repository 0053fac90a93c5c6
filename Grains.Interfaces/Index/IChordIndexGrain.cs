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
}
