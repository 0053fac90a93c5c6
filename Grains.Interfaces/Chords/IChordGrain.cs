namespace Chord;

/// <summary>
/// One chord, addressed by its id. Submit once, then read or stream its progress; every read is O(1) and is served
/// from a snapshot of recorded state, so it never waits behind completion traffic.
/// </summary>
[Alias("chord.IChordGrain")]
public interface IChordGrain : IGrainWithStringKey
{
    /// <summary>
    /// Validates and accepts the chord. Throws <see cref="ChordValidationException"/> for bad input (nothing is
    /// created) and <see cref="ChordConflictException"/> when this id already holds a different spec; the same spec
    /// again returns the existing chord with <see cref="SubmitResult.Created"/> false.
    /// </summary>
    [Alias("Submit")]
    Task<SubmitResult> SubmitAsync(ChordSpec spec);

    /// <summary>
    /// Submits under an id the caller has just generated and never used (a fresh GUID, as the HTTP API makes when a
    /// request names none): the chord takes its state as absent instead of reading it first, saving a storage read.
    /// If the id holds a chord after all, its state is left alone and <see cref="ChordConflictException"/> is
    /// thrown. A caller that retries after a lost answer uses <see cref="SubmitAsync"/>, which returns the chord
    /// the first call created.
    /// </summary>
    [Alias("SubmitNew")]
    Task<SubmitResult> SubmitNewAsync(ChordSpec spec);

    /// <summary>The current snapshot, or <see langword="null"/> when no chord has this id.</summary>
    [AlwaysInterleave, Alias("GetProgress")]
    Task<ChordProgress?> GetProgressAsync();

    /// <summary>
    /// Requests cancellation: pending tasks never start, running ones see their token cancelled, the body does not
    /// run. Idempotent; on a final chord it changes nothing. Returns the snapshot, or null for an unknown id.
    /// </summary>
    [Alias("Cancel")]
    Task<ChordProgress?> CancelAsync();

    /// <summary>
    /// Changes a running chord's options from the next unit sent on. Returns the snapshot, or null for an unknown id;
    /// throws <see cref="ChordValidationException"/> for invalid values and <see cref="ChordFinishedException"/> once
    /// the chord finished.
    /// </summary>
    [Alias("UpdateOptions")]
    Task<ChordProgress?> UpdateOptionsAsync(ChordOptionsUpdate update);

    /// <summary>
    /// Runs a failed or cancelled chord again: its failed and never-run tasks run again (their attempts go on
    /// counting), the succeeded ones keep their results, then the body runs. Returns the snapshot, or null for an
    /// unknown id; throws <see cref="ChordNotRedrivableException"/> while it runs, once it succeeded, or once its task
    /// records are purged.
    /// </summary>
    [Alias("Redrive")]
    Task<ChordProgress?> RedriveAsync();

    /// <summary>
    /// A page of the chord's tasks (see <see cref="TaskQuery"/>); null for an unknown id. Its cost is bounded by
    /// the page, not by the chord's size.
    /// </summary>
    [AlwaysInterleave, Alias("ListTasks")]
    Task<TaskPage?> ListTasksAsync(TaskQuery query);

    /// <summary>
    /// Streams snapshots: the current one at once, then one per change (at most one per <paramref name="minInterval"/>),
    /// ending with the final snapshot. Ends at once, with nothing, for an unknown id.
    /// </summary>
    [AlwaysInterleave, Alias("Watch")]
    IAsyncEnumerable<ChordProgress> WatchAsync(TimeSpan minInterval, CancellationToken cancellationToken = default);
}
