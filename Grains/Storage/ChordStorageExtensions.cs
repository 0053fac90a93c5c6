using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Serialization;

namespace Chord.Grains.Storage;

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
        silo.AddAzureBlobGrainStorage(StorageNames.Chords, b => b.Configure<IOptions<ChordEngineOptions>>((o, engine) =>
        {
            o.BlobServiceClient = AzureStorageClients.Blob(connectionString, engine.Value.StorageGiveUpAfter);
            o.ContainerName = StorageNames.ChordsContainer;
        }));
        silo.AddAzureBlobGrainStorage(StorageNames.Results, b => b.Configure<IOptions<ChordEngineOptions>>((o, engine) =>
        {
            o.BlobServiceClient = AzureStorageClients.Blob(connectionString, engine.Value.StorageGiveUpAfter);
            o.ContainerName = StorageNames.ResultsContainer;
        }));
        silo.UseAzureTableReminderService(b => b.Configure<IOptions<ChordEngineOptions>>((o, engine) =>
            o.TableServiceClient = AzureStorageClients.Table(connectionString, engine.Value.StorageGiveUpAfter)));
        silo.Services.AddSingleton<IPostConfigureOptions<OrleansJsonSerializerOptions>, StoredTypeNames>();
        return silo;
    }
}
