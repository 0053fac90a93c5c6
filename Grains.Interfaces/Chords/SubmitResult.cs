namespace Chord;

/// <summary>The answer to a submit: the chord's snapshot, and whether this call created it.</summary>
/// <param name="Created">False when a chord with this id and the same spec already existed.</param>
/// <param name="Progress">The chord's snapshot.</param>
[GenerateSerializer, Immutable, Alias("chord.SubmitResult")]
public sealed record SubmitResult(bool Created, ChordProgress Progress);
