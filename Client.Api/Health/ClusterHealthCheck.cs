using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chord.Api.Health;

/// <summary>Ready when a silo answers a grain call within a few seconds.</summary>
public sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var handlers = await grains.GetGrain<IHandlerCatalogGrain>(0).GetHandlersAsync().WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy($"The cluster answered ({handlers.Length} handlers).");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The cluster did not answer.", exception);
        }
    }
}
