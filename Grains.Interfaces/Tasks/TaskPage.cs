namespace Chord;

/// <summary>
/// One page of a chord's tasks. <see cref="Total"/> counts every task in the queried phase (all tasks when no
/// phase was given). A filtered page examines a bounded number of tasks, so it may hold fewer than the limit;
/// <see cref="Next"/> is the offset to ask for next, null when no task is left.
/// </summary>
[GenerateSerializer, Immutable, Alias("chord.TaskPage")]
public sealed record TaskPage
{
    [Id(0)] public required TaskEntry[] Items { get; init; }

    [Id(1)] public required int Total { get; init; }

    [Id(2)] public int? Next { get; init; }

    /// <summary>True when the finished tasks' records were already purged (after the result retention).</summary>
    [Id(3)] public bool Purged { get; init; }
}
