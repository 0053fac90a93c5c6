namespace Chord.Grains.Lanes;

/// <summary>
/// Where one unit's light handlers run when their attempts have a timeout: one at a time, as on the task grain's own
/// scheduler, but on a thread of the pool, so a handler that blocks its thread cannot stop the grain's turn that times
/// it out. A handler that is abandoned keeps the scheduler it blocks; the unit's next attempts get a fresh one.
/// </summary>
internal sealed class LightScheduler
{
    private ConcurrentExclusiveSchedulerPair _pair = new();

    /// <summary>Starts <paramref name="handler"/> after the unit's running light handler yields; not at all once <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task<AttemptResult> Run(Func<Task<AttemptResult>> handler, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(handler, cancellationToken, TaskCreationOptions.DenyChildAttach, Volatile.Read(ref _pair).ExclusiveScheduler).Unwrap();

    /// <summary>A handler on the current scheduler was abandoned (it may block it for ever): later attempts start on a new one.</summary>
    public void Abandon() => Volatile.Write(ref _pair, new ConcurrentExclusiveSchedulerPair());
}
