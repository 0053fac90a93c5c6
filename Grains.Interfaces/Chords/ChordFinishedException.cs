namespace Chord;

/// <summary>The chord already finished, so what was asked of it (a change of options) no longer applies.</summary>
[GenerateSerializer, Alias("chord.ChordFinishedException")]
public sealed class ChordFinishedException(string chordId, ChordStatus status)
    : Exception($"The chord '{chordId}' already finished ({status.ToString().ToLowerInvariant()}); its options can no longer change.")
{
    [Id(0)] public string ChordId { get; } = chordId;

    [Id(1)] public ChordStatus Status { get; } = status;
}
