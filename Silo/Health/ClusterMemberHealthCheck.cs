using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chord.Silo.Health;

/// <summary>Ready while this silo is an active member of its cluster (not joining, not shutting down).</summary>
public sealed class ClusterMemberHealthCheck(ISiloStatusOracle membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(membership.CurrentStatus == SiloStatus.Active
            ? HealthCheckResult.Healthy("An active cluster member.")
            : HealthCheckResult.Unhealthy($"Not an active cluster member: {membership.CurrentStatus.ToString().ToLowerInvariant()}."));
}
