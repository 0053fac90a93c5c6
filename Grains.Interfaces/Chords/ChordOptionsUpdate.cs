namespace Chord;

/// <summary>Options of a running chord to change; unset ones stay as they are.</summary>
[GenerateSerializer, Immutable, Alias("chord.ChordOptionsUpdate")]
public sealed record ChordOptionsUpdate
{
    /// <summary>At most this many of the chord's tasks in flight, from the next unit sent on.</summary>
    [Id(0)] public int? MaxConcurrency { get; init; }

    /// <summary>Its heavy tasks' place in each silo's heavy lane, from the next unit sent on.</summary>
    [Id(1)] public ChordPriority? Priority { get; init; }
}
