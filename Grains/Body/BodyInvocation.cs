using Chord.Grains.Tasks;

namespace Chord.Grains.Body;

/// <summary>
/// What the body grain needs to run a chord's body: the spec, where the task results are, and, when the chord
/// still holds them from the units' reports, the succeeded tasks' records themselves (so the body need not
/// reactivate every task grain to read them).
/// </summary>
[GenerateSerializer, Immutable, Alias("chord.BodyInvocation")]
internal sealed record BodyInvocation(string ChordId, TaskSpec Body, int UnitCount, int MaxAttempts, TaskRecord[]? Results = null);
