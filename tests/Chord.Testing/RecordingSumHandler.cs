using System.Text.Json;
using Chord.Grains.Handlers;

namespace Chord.Testing;

/// <summary><c>record-sum</c> (body): counts its invocations in the probe, then sums the numeric results.</summary>
public sealed class RecordingSumHandler(TestProbe probe) : IBodyHandler
{
    public ValueTask<object?> RunAsync(BodyContext context, CancellationToken cancellationToken)
    {
        probe.BodyInvoked(context.ChordId);
        long sum = 0;
        foreach (var result in context.Results)
        {
            sum += result.Value.ValueKind is JsonValueKind.Number ? result.Value.GetInt64() : 0;
        }

        return ValueTask.FromResult<object?>(sum);
    }
}
