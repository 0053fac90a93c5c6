using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Chord.Grains.Storage;

/// <summary>Azure Storage clients that give up on a silent request after 10 s (the SDK waits 100 s).</summary>
public static class AzureStorageClients
{
    public static TableServiceClient Table(string connectionString)
    {
        var options = new TableClientOptions();
        ConfigureRetry(options.Retry);
        return new TableServiceClient(connectionString, options);
    }

    public static BlobServiceClient Blob(string connectionString)
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
