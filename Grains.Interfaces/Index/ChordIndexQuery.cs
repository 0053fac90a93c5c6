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
}
