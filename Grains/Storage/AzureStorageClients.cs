using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Chord.Grains.Storage;

/// <summary>
/// Azure Storage clients whose requests, retries included, give up within
/// <see cref="ChordEngineOptions.StorageGiveUpAfter"/> (the SDK's own defaults wait 100 s per try, four tries).
/// </summary>
public static class AzureStorageClients
{
    /// <summary>Tries of one request (the first and its retries).</summary>
    public const int Tries = 3;

    /// <summary>The longest one try waits for an answer, however long the give-up.</summary>
    public static readonly TimeSpan LongestTry = TimeSpan.FromSeconds(10);

    /// <summary>The shortest one try waits for an answer, however short the give-up.</summary>
    public static readonly TimeSpan ShortestTry = TimeSpan.FromSeconds(2);

    public static TableServiceClient Table(string connectionString, TimeSpan giveUpAfter)
    {
        var options = new TableClientOptions();
        ConfigureRetry(options.Retry, giveUpAfter);
        return new TableServiceClient(connectionString, options);
    }

    public static BlobServiceClient Blob(string connectionString, TimeSpan giveUpAfter)
    {
        var options = new BlobClientOptions();
        ConfigureRetry(options.Retry, giveUpAfter);
        return new BlobServiceClient(connectionString, options);
    }

    /// <summary>How long one try may wait, so that all tries end about when the silo gives its work up.</summary>
    public static TimeSpan TryTimeout(TimeSpan giveUpAfter)
    {
        var share = giveUpAfter / Tries;
        return share < ShortestTry ? ShortestTry : share > LongestTry ? LongestTry : share;
    }

    // A silo cut off from storage sees no error, only silence: every request waits out each try's timeout. A grain
    // whose activation reads its state waits for all tries, and calls to it queue meanwhile, so the tries together
    // must end about when the silo's own work gives up (then the activation fails and is placed again elsewhere).
    // Callers retry on their own (reports, writes), so fewer, shorter tries lose nothing.
    private static void ConfigureRetry(Azure.Core.RetryOptions retry, TimeSpan giveUpAfter)
    {
        retry.NetworkTimeout = TryTimeout(giveUpAfter);
        retry.MaxRetries = Tries - 1;
        retry.Mode = Azure.Core.RetryMode.Exponential;
        retry.Delay = TimeSpan.FromMilliseconds(200);
        retry.MaxDelay = TimeSpan.FromSeconds(1);
    }
}
