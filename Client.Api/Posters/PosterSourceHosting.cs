using Azure.Storage.Blobs;
using Chord.Api.Options;
using Chord.GrainClient;

namespace Chord.Api.Posters;

/// <summary>Where posters are read: blob storage when the cluster is on Azure storage, else the shared folder.</summary>
public static class PosterSourceHosting
{
    public static IServiceCollection AddPosterSource(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PosterFolderOptions>().BindConfiguration(PosterFolderOptions.SectionName);
        var cluster = ChordClusterOptions.FromConfiguration(configuration);
        if (cluster is { Clustering: ChordClustering.Azure, AzureStorage: { } azureStorage })
        {
            // Give up on a silent storage request after 10 s (the SDK waits 100 s), as the silos do.
            var blobOptions = new BlobClientOptions();
            blobOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
            blobOptions.Retry.MaxRetries = 2;
            services.AddSingleton<IPosterSource>(new BlobPosterSource(new BlobServiceClient(azureStorage, blobOptions).GetBlobContainerClient(BlobPosterSource.ContainerName)));
        }
        else
        {
            services.AddSingleton<IPosterSource, FolderPosterSource>();
        }

        return services;
    }
}
