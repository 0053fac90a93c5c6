using Chord.Grains.Handlers;

namespace Chord.Grains.Lanes;

/// <summary>
/// Runs heavy handlers, one call per activation at a time. The activation cap per silo comes from configuration
/// (<see cref="HeavyWorkerLimitProvider"/>), not from this attribute's default.
/// </summary>
[StatelessWorker]
internal sealed class HeavyWorkerGrain(HandlerInvoker invoker, LocalCalls calls) : Grain, IHeavyWorkerGrain
{
    public Task<AttemptResult> RunAsync(HandlerCall call) =>
        invoker.InvokeAsync(call, calls.TokenOf(call.CallId), calls.HeartbeatsOf(call.CallId));
}
