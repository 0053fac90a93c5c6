namespace Chord;

/// <summary>
/// Which chords' heavy tasks a silo's heavy lane serves first: every waiting high one before any normal one, normal
/// before low. Stored as numbers: never reorder.
/// </summary>
public enum ChordPriority
{
    Normal = 0,
    High = 1,
    Low = 2,
}
