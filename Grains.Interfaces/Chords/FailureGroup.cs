namespace Chord;

/// <summary>
/// A chord's failed tasks of one handler and error type: how many, and the first of them (its index and message; its
/// stack trace is in the task's record). A chord keeps at most <see cref="MaxPerChord"/> groups: once a new kind would
/// make one more, the last group and every later kind count together as handler <c>*</c>, error type <see cref="OtherType"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("chord.FailureGroup")]
public sealed record FailureGroup(
    [property: Id(0)] string Handler,
    [property: Id(1)] string ErrorType,
    [property: Id(2)] int Count,
    [property: Id(3)] int SampleIndex,
    [property: Id(4)] string SampleMessage)
{
    public const int MaxPerChord = 16;

    /// <summary>The longest sample message kept (the chord's state is written on every report).</summary>
    public const int MaxSampleLength = 500;

    public const string OtherType = "(other)";

    /// <summary>
    /// <paramref name="groups"/> with <paramref name="more"/> added: counts of the same handler and error type summed,
    /// the sample of the lower task index kept, at most <see cref="MaxPerChord"/> groups (the rest counted as other).
    /// </summary>
    public static FailureGroup[] Merge(IEnumerable<FailureGroup> groups, IEnumerable<FailureGroup> more)
    {
        var merged = new List<FailureGroup>();
        foreach (var group in groups.Concat(more))
        {
            var at = merged.FindIndex(g => g.Handler == group.Handler && g.ErrorType == group.ErrorType);
            if (at < 0 && merged.Count >= MaxPerChord)
            {
                at = merged.FindIndex(g => g.ErrorType == OtherType);
                if (at < 0)
                {
                    var last = merged[^1];
                    merged[^1] = new FailureGroup("*", OtherType, last.Count, last.SampleIndex, last.SampleMessage);
                    at = merged.Count - 1;
                }
            }

            if (at < 0)
            {
                merged.Add(group);
                continue;
            }

            var kept = merged[at];
            var sample = group.SampleIndex < kept.SampleIndex ? group : kept;
            merged[at] = kept with { Count = kept.Count + group.Count, SampleIndex = sample.SampleIndex, SampleMessage = sample.SampleMessage };
        }

        return [.. merged];
    }
}
