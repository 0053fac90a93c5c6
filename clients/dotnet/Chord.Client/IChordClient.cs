namespace Chord.Client;

/// <summary>
/// Chord's HTTP API as .NET calls. Every call throws a <see cref="ChordApiException"/> subclass for the problem the
/// API answered (<see cref="ChordApiNotFoundException"/> for an unknown id, <see cref="ChordApiValidationException"/>
/// with its field errors, …) after the resilience pipeline's retries.
/// </summary>
public interface IChordClient
{
    /// <summary>
    /// Submits a chord and returns its first snapshot. Without <see cref="ChordRequest.Id"/> the client makes one, so
    /// a retry after a lost answer finds the chord instead of making a second. The same id with the same spec again
    /// returns the existing chord; with another spec it throws <see cref="ChordApiConflictException"/>.
    /// </summary>
    Task<ChordSnapshot> SubmitAsync(ChordRequest request, CancellationToken cancellationToken = default);

    /// <summary>The chord's current snapshot.</summary>
    Task<ChordSnapshot> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The seed shop's progress view of the chord (<c>tasks_completed</c>, <c>tasks_total</c>, <c>status</c>, <c>result</c>).</summary>
    Task<ProgressView> GetProgressViewAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// The chord's snapshots as they change (the current one first), over server-sent events; a dropped stream is
    /// reconnected with <c>Last-Event-ID</c>, so no change is repeated or skipped. Ends after the final snapshot.
    /// </summary>
    IAsyncEnumerable<ChordSnapshot> WatchAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Waits until the chord is final (succeeded, failed or cancelled) and returns that snapshot.</summary>
    Task<ChordSnapshot> WaitAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Every chord the index keeps, newest first, optionally in one state; pages are fetched as the caller reads.</summary>
    IAsyncEnumerable<ChordSnapshot> ListAsync(ChordState? status = null, CancellationToken cancellationToken = default);

    /// <summary>Every retained chord that matches <paramref name="query"/> (state, handler, labels, creation time), newest first; pages are fetched as the caller reads.</summary>
    IAsyncEnumerable<ChordSnapshot> SearchAsync(ChordQuery query, CancellationToken cancellationToken = default);

    /// <summary>The chord's tasks in index order, optionally in one state; throws <see cref="ChordApiPurgedException"/> once their records were purged.</summary>
    IAsyncEnumerable<TaskSnapshot> ListTasksAsync(string id, TaskState? state = null, CancellationToken cancellationToken = default);

    /// <summary>Cancels the chord: pending tasks never start, running ones see their token cancelled, the body does not run.</summary>
    Task<CancelOutcome> CancelAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Runs a failed or cancelled chord again (its failed and never-run tasks, then the body). Never retried by the client.</summary>
    Task<ChordSnapshot> RedriveAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Changes a running chord's options from the next task sent on; <see cref="ChordApiFinishedException"/> once it finished.</summary>
    Task<ChordSnapshot> UpdateOptionsAsync(string id, OptionsChange change, CancellationToken cancellationToken = default);

    /// <summary>The failed tasks of every retained chord (as <paramref name="filter"/> narrows them), grouped by handler and error type, most first.</summary>
    Task<FailureGroupInfo[]> GetFailuresAsync(FailureFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>Starts a bulk redrive of the chords <paramref name="selection"/> names or selects; follow it with <see cref="WatchOperationAsync"/>.</summary>
    Task<OperationSnapshot> StartRedriveAsync(OperationSelection selection, CancellationToken cancellationToken = default);

    /// <summary>Starts a bulk cancel of the chords <paramref name="selection"/> names or selects; follow it with <see cref="WatchOperationAsync"/>.</summary>
    Task<OperationSnapshot> StartCancelAsync(OperationSelection selection, CancellationToken cancellationToken = default);

    /// <summary>A bulk operation; <see cref="ChordApiNotFoundException"/> for an unknown id.</summary>
    Task<OperationSnapshot> GetOperationAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The newest bulk operations (at most 100), newest first.</summary>
    Task<OperationSnapshot[]> ListOperationsAsync(int limit = 20, CancellationToken cancellationToken = default);

    /// <summary>The operation's snapshot now and each time it changes (polled every <see cref="ChordClientOptions.OperationPollInterval"/>), ending with the completed one.</summary>
    IAsyncEnumerable<OperationSnapshot> WatchOperationAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The cluster's silos and their load.</summary>
    Task<ClusterSnapshot> GetClusterAsync(CancellationToken cancellationToken = default);

    /// <summary>Every key and handler with cluster-wide limits in effect, and where they come from.</summary>
    Task<LimitList> GetLimitsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Overrides a key's or handler's limits while the cluster runs (every silo follows within a second; stored);
    /// <see cref="ChordApiValidationException"/> names each bad field.
    /// </summary>
    Task<LimitSetting> SetLimitAsync(LimitTarget target, string name, LimitChange change, CancellationToken cancellationToken = default);

    /// <summary>Drops a key's or handler's override, so its configured limits apply again; false when it had none.</summary>
    Task<bool> ResetLimitAsync(LimitTarget target, string name, CancellationToken cancellationToken = default);

    /// <summary>The chord's webhook events (<see cref="ChordRunOptions.Notify"/>), oldest first, each with its calls.</summary>
    Task<WebhookDeliveryInfo[]> GetDeliveriesAsync(string id, CancellationToken cancellationToken = default);
}
