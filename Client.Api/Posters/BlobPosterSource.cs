using Azure;
using Azure.Storage.Blobs;

namespace Chord.Api.Posters;

/// <summary>Reads posters from the blob container the silos write to when they use Azure Storage.</summary>
public sealed class BlobPosterSource(BlobContainerClient container) : IPosterSource
{
    /// <summary>The silos' poster container (the engine's <c>BlobPosterStore.ContainerName</c>).</summary>
    public const string ContainerName = "chord-posters";

    public async Task<Stream?> OpenAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var download = await container.GetBlobClient(key).DownloadStreamingAsync(cancellationToken: cancellationToken);
            return download.Value.Content;
        }
        catch (RequestFailedException missing) when (missing.Status == 404)
        {
            return null;
        }
    }
}
