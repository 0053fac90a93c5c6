using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Chord.Demo.Posters;

/// <summary>Keeps posters in a blob container, readable by every silo and by Client.Api wherever they run.</summary>
public sealed class BlobPosterStore(BlobContainerClient container) : IPosterStore
{
    /// <summary>The container the poster demo writes to (and Client.Api reads from).</summary>
    public const string ContainerName = "chord-posters";

    private bool _created;

    public async Task WriteAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            _created = true;
        }

        var options = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "image/png" } };
        await container.GetBlobClient(key).UploadAsync(BinaryData.FromBytes(content), options, cancellationToken);
    }

    public async Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var download = await container.GetBlobClient(key).DownloadContentAsync(cancellationToken);
            return download.Value.Content.ToArray();
        }
        catch (RequestFailedException missing) when (missing.Status == 404)
        {
            return null;
        }
    }
}
