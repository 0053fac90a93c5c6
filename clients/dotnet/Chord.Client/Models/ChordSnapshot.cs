namespace Chord.Client;

/// <summary>
/// A chord's progress: its state, exact task counts, the body, timings, rate and ETA, its first failures, and its
/// <see cref="Version"/>, which grows with every change (an event stream resumes after it).
/// </summary>
public sealed record ChordSnapshot(
    string Id,
    ChordState Status,
    TaskCounts Tasks,
    BodySnapshot Body,
    DateTimeOffset CreatedAt,
    DateTimeOffset? TasksFinishedAt,
    DateTimeOffset? FinishedAt,
    double TasksPerSecond,
    double? EtaSeconds,
    TaskFailureInfo[] Failures,
    long Version,
    int Redrives,
    ChordRunOptions? Options,
    IReadOnlyDictionary<string, string>? Labels = null,
    string? Next = null,
    string? Previous = null,
    string? ContinuationError = null,
    string? HeldBy = null)
{
    /// <summary>Whether the chord ended (succeeded, failed or cancelled): it changes no more unless redriven.</summary>
    public bool IsFinal => Status is ChordState.Succeeded or ChordState.Failed or ChordState.Cancelled;
}
