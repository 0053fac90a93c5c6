namespace Chord.Grains.Index;

/// <summary>
/// One shard of the chord index (<see cref="ChordIndexShards"/>): the rows of its chords, stored, and the wake-ups
/// they need. Chords record themselves when accepted (before their state, so a stored chord always has its row)
/// and when their status changes; they are forgotten when deleted.
/// </summary>
[Alias("chord.IChordIndexShardGrain")]
internal interface IChordIndexShardGrain : IGrainWithIntegerKey
{
    /// <summary>Adds or updates the chord's row (a row older than the one kept is ignored); completes once stored.</summary>
    [Alias("Record")]
    Task RecordAsync(ChordIndexRow row);

    /// <summary>
    /// Updates the chord's row without waiting for it to be stored: it goes with the shard's next write, at the
    /// latest <c>ChordIndexShardGrain.LazyWrite</c> later, so a chord's quick changes (running, then finished) share one.
    /// One-way: if it is lost, the shard wakes the unfinished chord it still has on record and hears it then.
    /// </summary>
    [OneWay, Alias("Tell")]
    Task TellAsync(ChordIndexRow row);

    /// <summary>
    /// Removes the chord's row if it is the one created at <paramref name="createdAt"/> (the chord was deleted; a
    /// chord submitted under the id since keeps its row); completes once stored. Idempotent.
    /// </summary>
    [Alias("Forget")]
    Task ForgetAsync(string chordId, DateTimeOffset createdAt);

    /// <summary>Up to <paramref name="limit"/> chords of this shard, newest first, with the given status when one is given.</summary>
    [Alias("List")]
    Task<ChordIndexEntry[]> ListAsync(ChordStatus? status, int limit);

    /// <summary>Up to <paramref name="limit"/> chords of this shard listed after <paramref name="after"/>, newest first, with the given status when one is given.</summary>
    [Alias("ListPage")]
    Task<ChordIndexEntry[]> ListPageAsync(ChordStatus? status, int limit, ChordListCursor? after);

    /// <summary>Up to <paramref name="limit"/> chords of this shard that match <paramref name="query"/>, listed after <paramref name="after"/>, newest first.</summary>
    [Alias("Search")]
    Task<ChordIndexEntry[]> SearchAsync(ChordIndexQuery query, int limit, ChordListCursor? after);

    /// <summary>This shard's part of <see cref="IChordIndexGrain.FailuresAsync"/>.</summary>
    [Alias("Failures")]
    Task<FailureSummary[]> FailuresAsync(FailureQuery query);

    /// <summary>Activates the shard (it loads its rows and begins waking its chords); every silo calls it as it starts and then now and again.</summary>
    [Alias("Start")]
    Task StartAsync();
}
