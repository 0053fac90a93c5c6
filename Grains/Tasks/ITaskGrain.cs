namespace Chord.Grains.Tasks;

/// <summary>
/// One unit of a chord's tasks (key <c>{chordId}/{unitIndex}</c>). Runs its tasks, records their results, and
/// reports to the chord. Start returns as soon as the work is accepted: no call is held open while work runs.
/// </summary>
[Alias("chord.ITaskGrain")]
internal interface ITaskGrain : IGrainWithStringKey
{
    /// <summary>Starts the unit, or re-reports it if it already finished (for this redrive). Idempotent.</summary>
    [Alias("Start")]
    Task StartAsync(UnitSpec spec);

    /// <summary>Tasks not yet started are cancelled; running ones see their token cancelled (from a chord of an earlier release).</summary>
    [AlwaysInterleave, Alias("Cancel")]
    Task CancelAsync();

    /// <summary>
    /// Cancels the unit's run for redrive <paramref name="generation"/> (and earlier): tasks not yet started are
    /// cancelled, running ones see their token cancelled. A start for a later redrive runs uncancelled.
    /// </summary>
    [AlwaysInterleave, Alias("CancelRun")]
    Task CancelRunAsync(int generation);

    /// <summary>The tasks the unit's run holds now, queued or running, with their latest heartbeats (none once the unit is recorded or gone).</summary>
    [AlwaysInterleave, Alias("ReadLiveTasks")]
    Task<LiveTask[]> ReadLiveTasksAsync();

    /// <summary>
    /// A page of the recorded tasks: from the <paramref name="skip"/>-th record on, as many as fit in about
    /// <paramref name="maxBytes"/> and in one stored page (at least one while any is left); empty when none is left
    /// or nothing is recorded. Read on from the position after the last record returned.
    /// </summary>
    [Alias("ReadRecords")]
    Task<TaskRecord[]> ReadRecordsAsync(int skip, int maxBytes);

    /// <summary>Forgets the recorded results.</summary>
    [Alias("Purge")]
    Task PurgeAsync();
}
