namespace Chord.Grains.Tasks;

/// <summary>
/// A task a unit is running now, as a listing shows it: queued for a permit or running, since when, and its latest
/// heartbeat (JSON text) if it sent one.
/// </summary>
[GenerateSerializer, Immutable, Alias("chord.LiveTask")]
internal sealed record LiveTask(int Index, TaskPhase Phase, DateTimeOffset QueuedAt, DateTimeOffset? StartedAt, string? Heartbeat, DateTimeOffset? HeartbeatAt);
