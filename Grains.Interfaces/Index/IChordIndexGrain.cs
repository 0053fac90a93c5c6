namespace Chord;

/// <summary>
/// The most recent chords, newest first (a bounded list: older ones drop out of it, but stay readable by id).
/// One grain, key 0; chords record themselves when accepted and whenever their status changes.
/// </summary>
[Alias("chord.IChordIndexGrain")]
public interface IChordIndexGrain : IGrainWithIntegerKey
{
    /// <summary>Adds the chord, or updates its status (an entry with an older version is ignored). Idempotent.</summary>
    [Alias("Record")]
    Task RecordAsync(ChordIndexEntry entry);

    /// <summary>Up to <paramref name="limit"/> chords, newest first, with the given status when one is given.</summary>
    [Alias("List")]
    Task<ChordIndexEntry[]> ListAsync(ChordStatus? status, int limit);
}
