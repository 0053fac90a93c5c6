namespace Chord.Grains.Lanes;

/// <summary>
/// Runs heavy handlers. A stateless worker: it activates on the calling silo, and at most K activations exist
/// per silo (K = <c>Chord:Engine:HeavyConcurrency</c>), each running one call at a time, which is the per-silo
/// throttle. Callers queue for a local permit first, so no call waits in its inbox long enough to expire.
/// </summary>
[Alias("chord.IHeavyWorkerGrain")]
internal interface IHeavyWorkerGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Runs the handler to its outcome. The call lasts as long as the work, hence the long timeout; the caller's
    /// cancellation reaches it through its silo (<see cref="HandlerCall.CallId"/>), not through the call.
    /// </summary>
    [ResponseTimeout("7.00:00:00"), Alias("Run")]
    Task<AttemptResult> RunAsync(HandlerCall call);
}
