namespace Chord;

/// <summary>
/// Exact task counts; pending + queued + running + succeeded + failed + cancelled = total at every read, and none is
/// negative. Pending: not yet held by a silo (or, after a redrive, waiting to run again). Queued: held by a silo,
/// waiting for a permit. Running: its handler began (it may be retrying) and its outcome is not counted yet.
/// </summary>
[GenerateSerializer, Immutable, Alias("chord.TaskCounts")]
public sealed record TaskCounts(int Total, int Pending, int Running, int Succeeded, int Failed, int Cancelled)
{
    /// <summary>Tasks a silo holds while they wait for a permit (counted in <see cref="Pending"/> by releases before it).</summary>
    [Id(6)] public int Queued { get; init; }

    /// <summary>Tasks in a final state: succeeded + failed + cancelled.</summary>
    public int Completed => Succeeded + Failed + Cancelled;

    /// <summary>How many tasks are in <paramref name="phase"/>; all of them when it is null.</summary>
    public int In(TaskPhase? phase) => phase switch
    {
        null => Total,
        TaskPhase.Pending => Pending,
        TaskPhase.Running => Running,
        TaskPhase.Queued => Queued,
        TaskPhase.Succeeded => Succeeded,
        TaskPhase.Failed => Failed,
        _ => Cancelled,
    };
}
