using System.Text.Json;
using Chord.Grains.Handlers;

namespace Chord.Testing;

/// <summary>
/// <c>record-sum</c> (body): counts its invocations and where it ran in the probe, streams its input (it is no combiner), records
/// which indexes it read in which order, and sums the numeric results. <c>{"ms": n}</c> waits n ms per result read,
/// so a test can stop a silo while the body reads.
/// </summary>
public sealed class RecordingSumHandler(TestProbe probe, ILocalSiloDetails silo) : IBodyHandler
{
    public async ValueTask<object?> RunAsync(BodyContext context, CancellationToken cancellationToken)
    {
        probe.BodyInvoked(context.ChordId, silo.SiloAddress.ToString());
        var delay = context.ArgsAs(new Chord.Demo.Handlers.DurationArgs(0)).Ms;
        var read = new List<int>();
        long sum = 0;
        await foreach (var result in context.Results.WithCancellation(cancellationToken))
        {
            read.Add(result.Index);
            sum += result.Value.ValueKind is JsonValueKind.Number ? result.Value.GetInt64() : 0;
            if (delay > 0)
            {
                await Task.Delay(delay, cancellationToken);
            }
        }

        probe.BodyRead(context.ChordId, read);
        return sum;
    }
}
