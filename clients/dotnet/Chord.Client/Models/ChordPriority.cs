namespace Chord.Client;

/// <summary>Which chords' heavy tasks a silo serves first: every waiting high one before any normal one, normal before low.</summary>
public enum ChordPriority
{
    Normal,
    High,
    Low,
}
