using Chord.Grains.Handlers;

namespace Chord.Testing;

/// <summary>
/// <c>gate</c> (light): blocks its thread, as CPU-bound light work does, until the probe's gate opens (30 s at most);
/// returns its index. Shows whether light work runs inside the call that started its unit.
/// </summary>
public sealed class GateHandler(TestProbe probe) : ITaskHandler
{
    public ValueTask<object?> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        probe.GateReached.Set();
        probe.Gate.Wait(TimeSpan.FromSeconds(30), cancellationToken);
        return ValueTask.FromResult<object?>(context.Index);
    }
}
