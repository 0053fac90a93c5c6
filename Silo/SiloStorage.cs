namespace Chord.Silo;

/// <summary>Where a silo keeps grain state, the chord index and membership (<c>Chord:Silo:Storage</c>, read case-insensitively).</summary>
public enum SiloStorage
{
    /// <summary>In the silo's memory, lost when it stops; silos on one machine find each other on localhost.</summary>
    Memory,

    /// <summary>Azure Storage (or Azurite) from <c>ConnectionStrings:AzureStorage</c>: durable, membership in a table.</summary>
    Azure,
}
