using Chord.Grains.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chord.Silo.Health;

/// <summary>
/// Ready while the silo's Azure Storage answers (its blob service's properties within 5 s); always ready with memory
/// storage, which cannot be out of reach.
/// </summary>
public sealed class StorageHealthCheck(StorageHealthCheck.Target target) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (target.AzureStorage is not { } connectionString)
        {
            return HealthCheckResult.Healthy("Memory storage.");
        }

        try
        {
            await AzureStorageClients.Blob(connectionString, Timeout).GetPropertiesAsync(cancellationToken).WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy("Azure Storage answered.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("Azure Storage did not answer.", exception);
        }
    }

    /// <summary>The storage the silo uses: an Azure Storage connection string, or none for memory storage.</summary>
    public sealed record Target(string? AzureStorage);
}
