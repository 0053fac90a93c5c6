namespace Chord;

/// <summary>
/// A redrive was asked of a chord that cannot be redriven: it is still running, it succeeded, or its task records
/// were already purged after their retention.
/// </summary>
[GenerateSerializer, Alias("chord.ChordNotRedrivableException")]
public sealed class ChordNotRedrivableException(string chordId, ChordStatus status, string reason)
    : Exception($"The chord '{chordId}' cannot be redriven: {reason}")
{
    [Id(0)] public string ChordId { get; } = chordId;

    [Id(1)] public ChordStatus Status { get; } = status;
}
