namespace Chord;

/// <summary>Exact task counts; they always add up to <see cref="Total"/>.</summary>
[GenerateSerializer, Immutable, Alias("chord.TaskCounts")]
public sealed record TaskCounts(int Total, int Pending, int Running, int Succeeded, int Failed, int Cancelled)
{
    /// <summary>Tasks in a final state: succeeded + failed + cancelled.</summary>
    public int Completed => Succeeded + Failed + Cancelled;
}
