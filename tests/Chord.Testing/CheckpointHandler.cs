using System.Text.Json;
using Chord.Grains.Handlers;

namespace Chord.Testing;

/// <summary>
/// <c>checkpoint</c> (heavy): tells the probe what last heartbeat its attempt was given. Its first attempt reports
/// two heartbeats (<c>{"step":1}</c>, <c>{"step":2}</c>) and then goes silent for 60 s (it honours its token); later
/// attempts return the step they were given.
/// </summary>
public sealed class CheckpointHandler(TestProbe probe) : ITaskHandler
{
    public async ValueTask<object?> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var last = context.LastHeartbeat.ValueKind is JsonValueKind.Undefined ? null : context.LastHeartbeat.GetRawText();
        probe.HeartbeatSeen(context.ChordId, context.Index, context.Attempt, last);
        if (context.Attempt == 1)
        {
            context.Heartbeat(new Step(1));
            context.Heartbeat(new Step(2));
            await Task.Delay(TimeSpan.FromSeconds(60), cancellationToken);
        }

        return context.LastHeartbeatAs(new Step(0)).Value;
    }

    private sealed record Step([property: System.Text.Json.Serialization.JsonPropertyName("step")] int Value);
}
