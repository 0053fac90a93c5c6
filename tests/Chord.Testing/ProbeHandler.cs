using Chord.Grains.Handlers;
using Chord.Demo.Handlers;

namespace Chord.Testing;

/// <summary><c>probe</c> (heavy): sleeps <c>{"ms": n}</c> while the probe counts it as running on this silo, counts it done; returns its index.</summary>
public sealed class ProbeHandler(TestProbe probe, ILocalSiloDetails silo) : ITaskHandler
{
    public async ValueTask<object?> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        probe.Started(context.ChordId);
        using (probe.Enter(silo.SiloAddress.ToString()))
        {
            var ms = context.ArgsAs(new DurationArgs(0)).Ms;
            if (ms > 0)
            {
                await Task.Delay(ms, cancellationToken);
            }
        }

        probe.Done(context.ChordId, context.Index);

        return context.Index;
    }
}
