namespace Chord;

/// <summary>One task in a chord's task listing.</summary>
[GenerateSerializer, Immutable, Alias("chord.TaskEntry")]
public sealed record TaskEntry
{
    [Id(0)] public required int Index { get; init; }

    [Id(1)] public required string Handler { get; init; }

    [Id(2)] public required TaskPhase Phase { get; init; }

    [Id(3)] public int Attempts { get; init; }

    /// <summary>The handler's result as raw JSON text, once it succeeded.</summary>
    [Id(4)] public string? Result { get; init; }

    [Id(5)] public TaskError? Error { get; init; }

    /// <summary>When its handler first began (null while it waits for a permit).</summary>
    [Id(6)] public DateTimeOffset? StartedAt { get; init; }

    [Id(7)] public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The last value its handler reported by heartbeat, as raw JSON text; null when it sent none.</summary>
    [Id(8)] public string? Heartbeat { get; init; }

    /// <summary>When <see cref="Heartbeat"/> came.</summary>
    [Id(9)] public DateTimeOffset? HeartbeatAt { get; init; }

    /// <summary>When its silo took it in (it then waited for a permit until <see cref="StartedAt"/>).</summary>
    [Id(10)] public DateTimeOffset? QueuedAt { get; init; }
}
