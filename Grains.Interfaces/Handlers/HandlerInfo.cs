namespace Chord;

/// <summary>A handler a chord may name: its name, whether it runs as a task or a body, and its lane.</summary>
[GenerateSerializer, Immutable, Alias("chord.HandlerInfo")]
public sealed record HandlerInfo([property: Id(0)] string Name, [property: Id(1)] HandlerKind Kind, [property: Id(2)] TaskLane Lane);
