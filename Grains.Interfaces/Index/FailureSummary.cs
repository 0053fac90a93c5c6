namespace Chord;

/// <summary>
/// The failed tasks of one handler and error type over the chords a <see cref="FailureQuery"/> selects: how many, in
/// how many chords, and the latest of those chords (newest first, at most <see cref="MaxLatest"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("chord.FailureSummary")]
public sealed record FailureSummary(
    [property: Id(0)] string Handler,
    [property: Id(1)] string ErrorType,
    [property: Id(2)] long Count,
    [property: Id(3)] int Chords,
    [property: Id(4)] ChordIndexEntry[] Latest)
{
    public const int MaxLatest = 5;

    /// <summary>Summaries of the same handler and error type (from several shards) as one, most failed tasks first.</summary>
    public static FailureSummary[] Merge(IEnumerable<FailureSummary> parts) =>
        [.. parts
            .GroupBy(p => (p.Handler, p.ErrorType))
            .Select(g => new FailureSummary(g.Key.Handler, g.Key.ErrorType, g.Sum(p => p.Count), g.Sum(p => p.Chords),
                [.. g.SelectMany(p => p.Latest).OrderByDescending(e => e.CreatedAt).ThenBy(e => e.Id, StringComparer.Ordinal).Take(MaxLatest)]))
            .OrderByDescending(s => s.Count)
            .ThenBy(s => s.Handler, StringComparer.Ordinal)
            .ThenBy(s => s.ErrorType, StringComparer.Ordinal)];
}
