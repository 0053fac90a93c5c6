using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace Chord.Grains.Storage;

/// <summary>Where the engine keeps its state: in silo memory, or durably in Azure Storage (Azurite locally).</summary>
public static class ChordStorageExtensions
{
    /// <summary>Memory storage and reminders: quick to start, gone when the silo stops.</summary>
    public static ISiloBuilder AddChordMemoryStorage(this ISiloBuilder silo)
    {
        silo.AddMemoryGrainStorage(StorageNames.Chords);
        silo.AddMemoryGrainStorage(StorageNames.Results);
        silo.Services.AddSingleton<Index.IChordIndexStore, Index.MemoryChordIndexStore>();
        silo.UseInMemoryReminderService();
        return silo;
    }

    /// <summary>
    /// Grain state in Azure Tables (a state too large for an entity in a blob: a unit's records can exceed an
    /// entity's 1 MiB; <see cref="TableGrainStorage"/>) and reminders in a table, so chords survive silo failures and
    /// whole-cluster restarts.
    /// </summary>
    public static ISiloBuilder AddChordAzureStorage(this ISiloBuilder silo, string connectionString)
    {
        foreach (var (name, tableName, container) in new[] { (StorageNames.Chords, StorageNames.ChordsTable, StorageNames.ChordsContainer), (StorageNames.Results, StorageNames.ResultsTable, StorageNames.ResultsContainer) })
        {
            silo.Services.AddKeyedSingleton<IGrainStorage>(name, (services, _) =>
            {
                var giveUp = services.GetRequiredService<IOptions<ChordEngineOptions>>().Value.StorageGiveUpAfter;
                return new TableGrainStorage(
                    AzureStorageClients.Table(connectionString, giveUp).GetTableClient(tableName),
                    AzureStorageClients.Blob(connectionString, giveUp).GetBlobContainerClient(container),
                    new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>()),
                    services.GetRequiredService<IGrainStorageSerializer>());
            });
        }

        silo.Services.AddSingleton<Index.IChordIndexStore>(services => new Index.TableChordIndexStore(
            AzureStorageClients.Table(connectionString, services.GetRequiredService<IOptions<ChordEngineOptions>>().Value.StorageGiveUpAfter).GetTableClient(StorageNames.IndexTable)));
        silo.UseAzureTableReminderService(b => b.Configure<IOptions<ChordEngineOptions>>((o, engine) =>
            o.TableServiceClient = AzureStorageClients.Table(connectionString, engine.Value.StorageGiveUpAfter)));
        silo.Services.AddSingleton<IPostConfigureOptions<OrleansJsonSerializerOptions>, StoredTypeNames>();
        return silo;
    }
}
