using Chord.Grains.Handlers;
using Chord.Grains.Storage;

namespace Chord.Grains.Tasks;

/// <summary>What a task grain recorded about one task: its final state, attempts, result or error, timings.</summary>
[GenerateSerializer, Immutable, Alias("chord.TaskRecord"), StoredAs("Chord.TaskRecord, Chord.Grains.Interfaces")]
internal sealed record TaskRecord
{
    [Id(0)] public required int Index { get; init; }

    [Id(1)] public required TaskOutcome State { get; init; }

    [Id(2)] public int Attempts { get; init; }

    /// <summary>The handler's result as raw JSON text.</summary>
    [Id(3)] public string? Result { get; init; }

    [Id(4)] public TaskError? Error { get; init; }

    /// <summary>When its handler first began; null when it never did.</summary>
    [Id(5)] public DateTimeOffset? StartedAt { get; init; }

    [Id(6)] public DateTimeOffset FinishedAt { get; init; }

    /// <summary>The task's handler (null in records written before it was kept).</summary>
    [Id(7)] public string? Handler { get; init; }

    /// <summary>The last value its handler reported by heartbeat (JSON text), if any.</summary>
    [Id(8)] public string? Heartbeat { get; init; }

    /// <summary>When <see cref="Heartbeat"/> came.</summary>
    [Id(9)] public DateTimeOffset? HeartbeatAt { get; init; }

    /// <summary>When its unit's run took it in, before it waited for a permit (null in records written before it was kept).</summary>
    [Id(10)] public DateTimeOffset? QueuedAt { get; init; }

    /// <summary>A succeeded task's result as a body (or its combiner) sees it.</summary>
    public TaskResult ToResult() => new(Index, Handler ?? "", HandlerJson.Parse(Result));

    /// <summary>About what this record costs in a message: its result's text and a fixed part.</summary>
    public int ApproximateBytes => 64 + ((Result?.Length ?? 0) * 2) + (Error?.Message.Length ?? 0) + (Heartbeat?.Length ?? 0);
}
