namespace Chord;

/// <summary>
/// What a client submits: the header (an explicit <see cref="Tasks"/> list or a <see cref="Map"/>, exactly one)
/// and the <see cref="Body"/> that runs once after every task reached a final state.
/// </summary>
[GenerateSerializer, Immutable, Alias("chord.ChordSpec")]
public sealed record ChordSpec
{
    [Id(0)] public TaskSpec[]? Tasks { get; init; }

    [Id(1)] public MapSpec? Map { get; init; }

    [Id(2)] public required TaskSpec Body { get; init; }

    [Id(3)] public ChordOptions? Options { get; init; }

    /// <summary>
    /// Who asked and for what, as the caller says it (<c>team: posters</c>, <c>order: 1234</c>): at most
    /// <see cref="ChordLabels.MaxCount"/> pairs, kept with the chord, shown in its snapshot and searchable in the index.
    /// </summary>
    [Id(4)] public Dictionary<string, string>? Labels { get; init; }
}
