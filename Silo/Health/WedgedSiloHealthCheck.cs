using Chord.Grains.Cluster;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chord.Silo.Health;

/// <summary>
/// Alive unless the silo is wedged (<see cref="WedgeWatch"/>): its heavy permits have all been held by abandoned
/// handlers for too long, and only a new process frees them.
/// </summary>
public sealed class WedgedSiloHealthCheck(WedgeWatch wedge) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(wedge.Reason is { } reason
            ? HealthCheckResult.Unhealthy(reason)
            : HealthCheckResult.Healthy("Not wedged."));
}
