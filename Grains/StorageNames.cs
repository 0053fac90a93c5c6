namespace Chord.Grains;

/// <summary>The grain storage providers the engine uses; the silo configures each.</summary>
public static class StorageNames
{
    /// <summary>Chord state: progress counters and specs.</summary>
    public const string Chords = "chords";

    /// <summary>Task grain records and body results.</summary>
    public const string Results = "results";
}
