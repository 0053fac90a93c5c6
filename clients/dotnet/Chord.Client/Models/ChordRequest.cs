namespace Chord.Client;

/// <summary>
/// A chord to submit: its parallel <see cref="Tasks"/> or a <see cref="Map"/> (one of the two), the <see cref="Body"/>
/// that runs after all of them, and options. Without an <see cref="Id"/> the client makes one before the first
/// try, so a submit retried after a lost answer finds the chord it created instead of running it twice.
/// </summary>
public sealed record ChordRequest
{
    public string? Id { get; init; }

    public IReadOnlyList<ChordTask>? Tasks { get; init; }

    public ChordMap? Map { get; init; }

    public required ChordTask Body { get; init; }

    public ChordRunOptions? Options { get; init; }

    /// <summary>Who asked and for what: up to 16 pairs, kept with the chord, shown in its snapshots and searchable (<see cref="ChordQuery.Labels"/>).</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>The chord submitted when this one succeeds (as <c>{id}.then</c>; leave its <see cref="Id"/> unset).</summary>
    public ChordRequest? Then { get; init; }

    /// <summary>A body handler run once if this chord fails, with the failed snapshot (as the chord <c>{id}.onfailure</c>).</summary>
    public ChordTask? OnFailure { get; init; }
}
