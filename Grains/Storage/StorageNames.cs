namespace Chord.Grains.Storage;

/// <summary>The grain storage providers the engine uses (the host configures each) and, on Azure, their tables and containers.</summary>
public static class StorageNames
{
    /// <summary>Chord state: progress counters and specs (and, with memory storage, the chord index).</summary>
    public const string Chords = "chords";

    /// <summary>Task grain records and body results.</summary>
    public const string Results = "results";

    /// <summary>The blob container of <see cref="Chords"/> on Azure Storage.</summary>
    public const string ChordsContainer = "chord-chords";

    /// <summary>The blob container of <see cref="Results"/> on Azure Storage.</summary>
    public const string ResultsContainer = "chord-results";

    /// <summary>The table of <see cref="Chords"/> on Azure Storage (states too large for an entity go to <see cref="ChordsContainer"/>).</summary>
    public const string ChordsTable = "ChordChords";

    /// <summary>The table of <see cref="Results"/> on Azure Storage (states too large for an entity go to <see cref="ResultsContainer"/>).</summary>
    public const string ResultsTable = "ChordResults";

    /// <summary>The table of the chord index on Azure Storage: a row per retained chord, a partition per shard.</summary>
    public const string IndexTable = "ChordIndex";
}
