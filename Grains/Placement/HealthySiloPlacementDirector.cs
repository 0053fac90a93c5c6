using Chord.Grains.Cluster;
using Orleans.Runtime.Placement;

namespace Chord.Grains.Placement;

/// <summary>
/// Puts a chord or a body on a random compatible silo that, as far as this silo's picture of the cluster goes
/// (<see cref="ClusterLoad"/>), neither said it leaves nor reports its storage writes failing; any compatible silo
/// when none is. A chord whose silo lost its storage drops its activation at its first failed write: placed at random
/// it could land there again and wait out the cut, with every unit of it.
/// </summary>
internal sealed class HealthySiloPlacementDirector(ClusterLoad load) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var compatible = context.GetCompatibleSilos(target);
        if (compatible.Length == 0)
        {
            throw new OrleansException($"No silo can host {target.GrainIdentity}.");
        }

        var healthy = compatible.Where(silo => !load.Avoids(silo.ToString())).ToArray();
        var from = healthy.Length > 0 ? healthy : compatible;
        return Task.FromResult(from[Random.Shared.Next(from.Length)]);
    }
}
