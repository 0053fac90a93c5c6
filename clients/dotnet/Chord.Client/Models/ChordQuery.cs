namespace Chord.Client;

/// <summary>Which chords <see cref="IChordClient.SearchAsync"/> returns: every condition given holds (none: every retained chord).</summary>
public sealed record ChordQuery
{
    public ChordState? Status { get; init; }

    /// <summary>Chords whose tasks or body use this handler.</summary>
    public string? Handler { get; init; }

    /// <summary>Chords that carry every one of these labels.</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Created at or after this time.</summary>
    public DateTimeOffset? CreatedAfter { get; init; }

    /// <summary>Created before this time.</summary>
    public DateTimeOffset? CreatedBefore { get; init; }
}
