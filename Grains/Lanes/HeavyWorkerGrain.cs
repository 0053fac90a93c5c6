using Chord.Grains.Handlers;

namespace Chord.Grains.Lanes;

/// <summary>
/// Runs heavy handlers, one call per activation at a time. The activation cap per silo comes from configuration
/// (<see cref="HeavyWorkerLimitProvider"/>), not from this attribute's default.
/// </summary>
[StatelessWorker]
internal sealed class HeavyWorkerGrain(HandlerInvoker invoker, LocalCancellations cancellations) : Grain, IHeavyWorkerGrain
{
    public Task<AttemptResult> RunAsync(HandlerCall call) =>
        invoker.InvokeAsync(call, cancellations.TokenOf(call.CallId));
}
