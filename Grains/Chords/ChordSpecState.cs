namespace Chord.Grains.Chords;

/// <summary>The submitted spec, written once at submit and kept apart from the often-written progress.</summary>
[GenerateSerializer, Alias("chord.ChordSpecState")]
internal sealed class ChordSpecState
{
    [Id(0)] public ChordSpec? Spec { get; set; }

    /// <summary>A hash of the spec, to tell a repeated submit from a conflicting one.</summary>
    [Id(1)] public string? Fingerprint { get; set; }
}
