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

    /// <summary>
    /// The chord submitted when this one succeeds, under the id <c>{id}.then</c> (so it is submitted once, whatever
    /// crashes). Its map may take its items from this chord's body result (<see cref="MapSpec.ItemsFrom"/>); without
    /// labels of its own it carries this chord's.
    /// </summary>
    [Id(5)] public ChordSpec? Then { get; init; }

    /// <summary>
    /// A body handler run once if this chord fails (Celery's errback), as a chord of no tasks under the id
    /// <c>{id}.onfailure</c>; its args are <c>{"failed": the failed chord's snapshot, "args": these args}</c>.
    /// </summary>
    [Id(6)] public TaskSpec? OnFailure { get; init; }
}
