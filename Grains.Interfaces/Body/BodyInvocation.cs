namespace Chord;

/// <summary>What the body grain needs to run a chord's body: the spec and where the task results are.</summary>
[GenerateSerializer, Immutable, Alias("chord.BodyInvocation")]
public sealed record BodyInvocation(string ChordId, TaskSpec Body, int UnitCount, int MaxAttempts);
