using System.Text.Json;

namespace Chord.Client;

/// <summary>One task of a chord: where it is, its attempts, its result or error, its timings and its last heartbeat.</summary>
public sealed record TaskSnapshot(
    int Index,
    string Handler,
    TaskState State,
    int Attempts,
    JsonElement? Result,
    TaskErrorInfo? Error,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    JsonElement? Heartbeat,
    DateTimeOffset? HeartbeatAt,
    DateTimeOffset? QueuedAt);
