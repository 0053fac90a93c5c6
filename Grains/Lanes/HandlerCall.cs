namespace Chord.Grains.Lanes;

/// <summary>One invocation of a named handler, as the throttled worker receives it.</summary>
[GenerateSerializer, Immutable, Alias("chord.HandlerCall")]
internal sealed record HandlerCall
{
    [Id(0)] public required string ChordId { get; init; }

    [Id(1)] public required string Handler { get; init; }

    /// <summary>The task's index, or -1 for the body.</summary>
    [Id(2)] public required int Index { get; init; }

    [Id(3)] public required int Attempt { get; init; }

    [Id(4)] public string? Args { get; init; }

    /// <summary>For a body: where its input is (the results are streamed from the task units, never carried here).</summary>
    [Id(7)] public BodyInput? Input { get; init; }

    /// <summary>Identifies this invocation on its silo, so the caller's cancellation reaches the worker running it.</summary>
    [Id(6)] public Guid CallId { get; init; }

    /// <summary>For a task: the value its earlier attempts last reported by heartbeat (JSON text), to resume from.</summary>
    [Id(8)] public string? LastHeartbeat { get; init; }
}
