namespace Chord;

/// <summary>
/// A page of a chord's task listing. <see cref="Offset"/> is a task index: the page holds tasks from that index
/// on, in index order, that are in <see cref="Phase"/> (any phase when null), at most <see cref="Limit"/> of them.
/// </summary>
[GenerateSerializer, Immutable, Alias("chord.TaskQuery")]
public sealed record TaskQuery([property: Id(0)] TaskPhase? Phase, [property: Id(1)] int Offset, [property: Id(2)] int Limit);
