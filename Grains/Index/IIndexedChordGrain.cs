namespace Chord.Grains.Index;

/// <summary>The chord as its index shard sees it: something to wake.</summary>
[Alias("chord.IIndexedChordGrain")]
internal interface IIndexedChordGrain : IGrainWithStringKey
{
    /// <summary>
    /// Wakes the chord: an unfinished one resumes its work, a finished one takes its next retention step if due.
    /// Returns its row as it is now, or null when no chord is stored under the id.
    /// </summary>
    [Alias("Wake")]
    Task<ChordIndexRow?> WakeAsync();
}
