using System.Text.Json;

namespace Chord.Api.Contracts;

/// <summary>One task in a listing: where it is, its attempts, its result or error, its timings, its last heartbeat.</summary>
public sealed record TaskResponse(
    int Index,
    string Handler,
    TaskPhase State,
    int Attempts,
    JsonElement? Result,
    TaskError? Error,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    JsonElement? Heartbeat,
    DateTimeOffset? HeartbeatAt,
    DateTimeOffset? QueuedAt)
{
    public static TaskResponse From(TaskEntry entry) => new(
        entry.Index,
        entry.Handler,
        entry.Phase,
        entry.Attempts,
        RawJson.ToElement(entry.Result),
        entry.Error,
        entry.StartedAt,
        entry.FinishedAt,
        RawJson.ToElement(entry.Heartbeat),
        entry.HeartbeatAt,
        entry.QueuedAt);
}
