namespace Chord.Grains.Tasks;

/// <summary>
/// A unit's completion as reported to its chord: counts, its first failures (at most <see cref="MaxFailures"/>, in
/// index order; <paramref name="FirstFailure"/> is the first of them, kept for silos of the previous release) and,
/// when the body is a combiner, the unit's partial aggregate (JSON). The records stay with the unit; the report's
/// size does not grow with the results. After a redrive (<paramref name="Generation"/> &gt; 0) it counts only the
/// tasks that run of the unit ran again, so the chord adds it to what it kept. <paramref name="CombinerError"/> says
/// why the unit has no partial when the body's combiner threw. <paramref name="FailureGroups"/> counts every failed task
/// by handler and error type (null from silos of the previous release).
/// </summary>
[GenerateSerializer, Immutable, Alias("chord.UnitReport")]
internal sealed record UnitReport(int UnitIndex, int Succeeded, int Failed, int Cancelled, TaskFailure? FirstFailure, string? Partial = null, TaskFailure[]? Failures = null, int Generation = 0, string? CombinerError = null, FailureGroup[]? FailureGroups = null)
{
    /// <summary>Failed tasks a snapshot shows (and so a unit reports) at most.</summary>
    public const int MaxFailures = 10;

    /// <summary>The unit's first failures, from a report of either release.</summary>
    public TaskFailure[] FailuresReported => Failures ?? (FirstFailure is { } first ? [first] : []);
}
