namespace Chord;

/// <summary>Exact task counts; they always add up to <see cref="Total"/>.</summary>
[GenerateSerializer, Immutable, Alias("chord.TaskCounts")]
public sealed record TaskCounts(int Total, int Pending, int Running, int Succeeded, int Failed, int Cancelled)
{
    /// <summary>Tasks in a final state: succeeded + failed + cancelled.</summary>
    public int Completed => Succeeded + Failed + Cancelled;

    /// <summary>How many tasks are in <paramref name="phase"/>; all of them when it is null.</summary>
    public int In(TaskPhase? phase) => phase switch
    {
        null => Total,
        TaskPhase.Pending => Pending,
        TaskPhase.Running => Running,
        TaskPhase.Succeeded => Succeeded,
        TaskPhase.Failed => Failed,
        _ => Cancelled,
    };
}
