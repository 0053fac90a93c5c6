namespace Chord;

/// <summary>
/// A snapshot of a chord, read in O(1) from the chord's own state. <see cref="Version"/> grows with every
/// recorded change, so a reader can tell a newer snapshot from an older one.
/// </summary>
[GenerateSerializer, Immutable, Alias("chord.ChordProgress")]
public sealed record ChordProgress
{
    [Id(0)] public required string Id { get; init; }

    [Id(1)] public required ChordStatus Status { get; init; }

    [Id(2)] public required TaskCounts Tasks { get; init; }

    [Id(3)] public required BodyProgress Body { get; init; }

    [Id(4)] public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the last task reached a final state.</summary>
    [Id(5)] public DateTimeOffset? TasksFinishedAt { get; init; }

    /// <summary>When the chord reached a final state.</summary>
    [Id(6)] public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Completed tasks per second since the chord was created (up to the last task).</summary>
    [Id(7)] public double TasksPerSecond { get; init; }

    /// <summary>Estimated seconds until every task is final, at the current rate; null when unknown or done.</summary>
    [Id(8)] public double? EtaSeconds { get; init; }

    /// <summary>The first failed tasks (at most a few; <see cref="TaskCounts.Failed"/> has the count).</summary>
    [Id(9)] public TaskFailure[] Failures { get; init; } = [];

    [Id(10)] public long Version { get; init; }

    /// <summary>How many times the chord was redriven (its failed and never-run tasks run again).</summary>
    [Id(11)] public int Redrives { get; init; }

    /// <summary>The options in effect: as submitted, with the silo's defaults filled in and later changes applied.</summary>
    [Id(12)] public ChordOptions? Options { get; init; }

    /// <summary>True while failed tasks over the tolerance have stopped dispatch: the chord will end failed.</summary>
    [Id(13)] public bool Failing { get; init; }

    /// <summary>The labels it was submitted with (null: none).</summary>
    [Id(14)] public Dictionary<string, string>? Labels { get; init; }

    /// <summary>Its failed tasks counted by handler and error type, each with a sample (in the order first seen).</summary>
    [Id(15)] public FailureGroup[] FailureGroups { get; init; } = [];

    /// <summary>The chord its <c>then</c> (or its <c>onFailure</c>) submitted, once it did.</summary>
    [Id(16)] public string? Next { get; init; }

    /// <summary>The chord whose <c>then</c> or <c>onFailure</c> submitted this one.</summary>
    [Id(17)] public string? Previous { get; init; }

    /// <summary>Why its <c>then</c> or <c>onFailure</c> could not be submitted (e.g. <c>itemsFrom</c> named no array in the body's result).</summary>
    [Id(18)] public string? ContinuationError { get; init; }

    /// <summary>
    /// The cluster-wide limit its queued tasks wait on now, if one does: <c>key:{key}</c> (its key's <c>MaxRunning</c>,
    /// <c>RatePerSecond</c> or its own <c>keyLimit</c>) or <c>handler:{handler}</c>, as its units last said.
    /// </summary>
    [Id(19)] public string? HeldBy { get; init; }

    /// <summary>True once nothing about this chord will change any more.</summary>
    public bool IsFinal => Status is ChordStatus.Succeeded or ChordStatus.Failed or ChordStatus.Cancelled;
}
