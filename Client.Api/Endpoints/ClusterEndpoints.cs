using Chord.Api.Contracts;
using Orleans.Runtime;

namespace Chord.Api.Endpoints;

/// <summary><c>/cluster</c>: the silos, their state and their lanes' load.</summary>
public static class ClusterEndpoints
{
    public static IEndpointRouteBuilder MapClusterEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/cluster", GetAsync).WithTags("Cluster").WithName("GetCluster")
            .WithSummary("The silos (address, status, uptime) with, per silo, the heavy-lane limit K, running, queued and abandoned handlers, and tasks per second.");
        return app;
    }

    public static async Task<ClusterResponse> GetAsync(IGrainFactory grains, TimeProvider time)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false);
        var loads = (await grains.GetGrain<IClusterViewGrain>(0).GetAsync())
            .ToDictionary(view => view.Load.Silo, StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var silos = hosts
            .Where(host => host.Status is not SiloStatus.Dead and not SiloStatus.None)
            .OrderBy(host => host.StartTime)
            .Select(host =>
            {
                var address = host.SiloAddress.ToString();
                var started = new DateTimeOffset(DateTime.SpecifyKind(host.StartTime, DateTimeKind.Utc));
                var view = loads.GetValueOrDefault(address);
                return new SiloResponse(
                    address,
                    host.SiloName,
                    host.Status.ToString().ToLowerInvariant(),
                    started,
                    Math.Round(Math.Max(0, (now - started).TotalSeconds), 1),
                    view?.Load.HeavyLimit,
                    view?.Load.Running,
                    view?.Load.Queued,
                    view?.Load.Abandoned,
                    view?.TasksPerSecond,
                    view?.Load.DashboardUrl,
                    view?.Load.HousekeepingBacklog,
                    view?.Load.HousekeepingPerSecond);
            })
            .ToArray();
        var active = silos.Where(s => s.Status == "active").ToArray();
        var totals = new ClusterTotalsResponse(
            active.Length,
            active.Sum(s => s.HeavyLimit ?? 0),
            active.Sum(s => s.Running ?? 0),
            active.Sum(s => s.Queued ?? 0),
            active.Sum(s => s.Abandoned ?? 0),
            Math.Round(active.Sum(s => s.TasksPerSecond ?? 0), 1),
            active.Sum(s => s.HousekeepingBacklog ?? 0),
            Math.Round(active.Sum(s => s.HousekeepingPerSecond ?? 0), 1));
        return new ClusterResponse(silos, totals);
    }
}
