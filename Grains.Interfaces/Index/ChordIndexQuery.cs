namespace Chord;

/// <summary>
/// Which chords a search of the index returns: all of the given conditions hold (none given: every chord). A chord
/// matches <see cref="Handler"/> when its tasks or its body use it, and <see cref="Labels"/> when it carries every pair.
/// </summary>
[GenerateSerializer, Immutable, Alias("chord.ChordIndexQuery")]
public sealed record ChordIndexQuery
{
    [Id(0)] public ChordStatus? Status { get; init; }

    [Id(1)] public string? Handler { get; init; }

    [Id(2)] public Dictionary<string, string>? Labels { get; init; }

    /// <summary>Created at or after this time.</summary>
    [Id(3)] public DateTimeOffset? CreatedAfter { get; init; }

    /// <summary>Created before this time.</summary>
    [Id(4)] public DateTimeOffset? CreatedBefore { get; init; }

    /// <summary>Whether it states any condition at all (an empty query selects every chord).</summary>
    public bool HasCondition => Status is not null || Handler is not null || Labels is { Count: > 0 } || CreatedAfter is not null || CreatedBefore is not null;

    /// <summary>Whether <paramref name="other"/> selects the same chords by the same conditions.</summary>
    public bool SameAs(ChordIndexQuery other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Status == other.Status && Handler == other.Handler && CreatedAfter == other.CreatedAfter && CreatedBefore == other.CreatedBefore
            && (Labels ?? []).Count == (other.Labels ?? []).Count
            && (Labels ?? []).All(pair => other.Labels!.TryGetValue(pair.Key, out var value) && value == pair.Value);
    }
}
