using Chord.Grains.Handlers;

namespace Chord.Grains.Lanes;

/// <summary>
/// Runs one attempt of a handler in its lane: light ones inline, heavy ones through a local permit and then the
/// stateless worker on this silo. Task grains and body grains both go through here.
/// </summary>
internal sealed class LaneRunner(HandlerCatalog catalog, HandlerInvoker invoker, HeavyLane lane, LocalCancellations cancellations, IGrainFactory grains)
{
    /// <summary>True when the handler runs in the light lane.</summary>
    public bool IsLight(string handler) => catalog.Get(handler).Lane is TaskLane.Light;

    public async Task<AttemptResult> RunAsync(HandlerCall call, CancellationToken cancellationToken)
    {
        if (catalog.Get(call.Handler).Lane is TaskLane.Light)
        {
            return await invoker.InvokeAsync(call, cancellationToken);
        }

        try
        {
            using var permit = await lane.AcquireAsync(cancellationToken);

            // A permit freed by a cancelled handler can go to a waiter of the same cancelled unit: do not start it.
            cancellationToken.ThrowIfCancellationRequested();
            var local = call with { CallId = Guid.NewGuid() };
            using var cancellation = cancellations.Open(local.CallId, cancellationToken);
            return await grains.GetGrain<IHeavyWorkerGrain>(0).RunAsync(local);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return AttemptResult.CancelledAt(call.Attempt);
        }
    }
}
