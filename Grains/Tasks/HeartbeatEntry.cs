namespace Chord.Grains.Tasks;

/// <summary>The latest heartbeat of a running task: its index, the value (JSON text) and when it came.</summary>
[GenerateSerializer, Immutable, Alias("chord.HeartbeatEntry")]
internal sealed record HeartbeatEntry(int Index, string Value, DateTimeOffset At);
