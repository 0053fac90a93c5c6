using Chord.Api.Contracts;
using Orleans.Runtime;

namespace Chord.Api.Endpoints;

/// <summary><c>/cluster</c>: the silos, their state and their lanes' load.</summary>
public static class ClusterEndpoints
{
    public static IEndpointRouteBuilder MapClusterEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/cluster", GetAsync).WithTags("Cluster").WithName("GetCluster")
            .WithSummary("The silos (address, status, uptime) with, per silo, the heavy-lane limit K, running, queued and abandoned handlers, and tasks per second; and the keys and handlers under cluster-wide limits, each with its limits, running, waiting and starts per second.");
        return app;
    }

    public static async Task<ClusterResponse> GetAsync(IGrainFactory grains, TimeProvider time)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false);
        var limits = await grains.GetGrain<ILimitsGrain>(0).ListAsync();
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
        var reported = loads.Values.Where(v => active.Any(s => s.Address == v.Load.Silo)).SelectMany(v => v.Load.Limits).ToList();
        return new ClusterResponse(silos, totals, Usage(LimitKind.Key, limits, reported), Usage(LimitKind.Handler, limits, reported));
    }

    /// <summary>Each key (or handler) with limits configured or reported by a silo, with its use summed over the silos.</summary>
    private static LimitUsageResponse[] Usage(LimitKind kind, LimitEntry[] limits, List<LimitLoad> reported)
    {
        var configured = limits.Where(l => l.Kind == kind).ToDictionary(l => l.Name, StringComparer.Ordinal);
        var used = reported.Where(l => l.Kind == kind).GroupBy(l => l.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        return [.. configured.Keys.Union(used.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(name =>
        {
            var settings = configured.GetValueOrDefault(name);
            var loads = used.GetValueOrDefault(name) ?? [];
            return new LimitUsageResponse(
                name,
                settings?.Settings.MaxRunning ?? loads.Min(l => l.MaxRunning), // only chords' keyLimits: the lowest a silo applies
                settings?.Settings.RatePerSecond,
                settings?.Settings.Burst,
                kind == LimitKind.Key ? settings?.Settings.Weight ?? 1 : null,
                settings is null ? null : settings.Overridden ? "override" : "configuration",
                loads.Sum(l => l.Running),
                loads.Sum(l => l.Waiting),
                Math.Round(loads.Sum(l => l.StartsPerSecond), 1));
        })];
    }
}
