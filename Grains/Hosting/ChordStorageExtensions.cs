using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Chord.Grains.Hosting;

/// <summary>Where the engine keeps its state: in silo memory, or durably in Azure Storage (Azurite locally).</summary>
public static class ChordStorageExtensions
{
    /// <summary>Memory storage and reminders: quick to start, gone when the silo stops.</summary>
    public static ISiloBuilder AddChordMemoryStorage(this ISiloBuilder silo)
    {
        silo.AddMemoryGrainStorage(StorageNames.Chords);
        silo.AddMemoryGrainStorage(StorageNames.Results);
        silo.UseInMemoryReminderService();
        return silo;
    }

    /// <summary>
    /// Grain state in blobs (a unit's records can exceed a table entity's 1 MiB) and reminders in a table, so
    /// chords survive silo failures and whole-cluster restarts.
    /// </summary>
    public static ISiloBuilder AddChordAzureStorage(this ISiloBuilder silo, string connectionString)
    {
        silo.AddAzureBlobGrainStorage(StorageNames.Chords, o =>
        {
            o.BlobServiceClient = new BlobServiceClient(connectionString);
            o.ContainerName = "chord-chords";
        });
        silo.AddAzureBlobGrainStorage(StorageNames.Results, o =>
        {
            o.BlobServiceClient = new BlobServiceClient(connectionString);
            o.ContainerName = "chord-results";
        });
        silo.UseAzureTableReminderService(o => o.TableServiceClient = new TableServiceClient(connectionString));
        return silo;
    }
}
