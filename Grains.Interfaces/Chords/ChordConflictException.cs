namespace Chord;

/// <summary>A chord with this id already exists with a different spec.</summary>
[GenerateSerializer, Alias("chord.ChordConflictException")]
public sealed class ChordConflictException(string chordId)
    : Exception($"A chord with id '{chordId}' already exists with a different spec.")
{
    [Id(0)] public string ChordId { get; } = chordId;
}
