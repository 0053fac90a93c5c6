using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Chord.Grains.Handlers.Poster;
using Microsoft.Extensions.DependencyInjection;

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
            o.BlobServiceClient = BlobClient(connectionString);
            o.ContainerName = "chord-chords";
        });
        silo.AddAzureBlobGrainStorage(StorageNames.Results, o =>
        {
            o.BlobServiceClient = BlobClient(connectionString);
            o.ContainerName = "chord-results";
        });
        silo.UseAzureTableReminderService(o => o.TableServiceClient = TableClient(connectionString));
        silo.Services.AddSingleton<IPosterStore>(new BlobPosterStore(BlobClient(connectionString).GetBlobContainerClient(BlobPosterStore.ContainerName)));
        return silo;
    }

    /// <summary>A table client that gives up on a silent request after 10 s (the SDK waits 100 s).</summary>
    public static TableServiceClient TableClient(string connectionString)
    {
        var options = new TableClientOptions();
        ConfigureRetry(options.Retry);
        return new TableServiceClient(connectionString, options);
    }

    /// <summary>A blob client that gives up on a silent request after 10 s (the SDK waits 100 s).</summary>
    public static BlobServiceClient BlobClient(string connectionString)
    {
        var options = new BlobClientOptions();
        ConfigureRetry(options.Retry);
        return new BlobServiceClient(connectionString, options);
    }

    // A request cut off mid-flight (storage restarting) otherwise holds a grain's turn for 100 s per try; callers
    // retry on their own (reports, writes), so a short timeout loses nothing.
    private static void ConfigureRetry(Azure.Core.RetryOptions retry)
    {
        retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        retry.MaxRetries = 3;
        retry.Mode = Azure.Core.RetryMode.Exponential;
        retry.Delay = TimeSpan.FromMilliseconds(200);
        retry.MaxDelay = TimeSpan.FromSeconds(2);
    }
}
