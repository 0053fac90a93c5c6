using Chord.Grains.Cluster;
using Orleans.Runtime.Placement;

namespace Chord.Grains.Placement;

/// <summary>
/// Puts a task unit on the compatible silo with the least estimated load per heavy permit (<see cref="ClusterLoad"/>),
/// ties broken at random, so no silo idles while another has a queue, and a silo that just joined takes units of
/// chords already running. Units placed at random left one silo with 4 queued while another ran 2 of its 4 slots.
/// </summary>
internal sealed class LeastLoadedPlacementDirector(ClusterLoad load, ILocalSiloDetails local, ISiloStatusOracle membership) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        // A stopping silo places elsewhere: what it starts now would be handed back at once.
        var stopping = membership.CurrentStatus is not SiloStatus.Active;
        var silos = context.GetCompatibleSilos(target).Where(silo => !(stopping && silo.Equals(local.SiloAddress))).DefaultIfEmpty(local.SiloAddress);
        SiloAddress? best = null;
        var bestScore = double.MaxValue;
        var ties = 0;
        foreach (var silo in silos)
        {
            var score = load.Estimate(silo.ToString());
            if (score < bestScore - 1e-9)
            {
                (best, bestScore, ties) = (silo, score, 1);
            }
            else if (Math.Abs(score - bestScore) <= 1e-9 && Random.Shared.Next(++ties) == 0)
            {
                best = silo; // each of the tied silos is equally likely
            }
        }

        var chosen = best ?? throw new OrleansException($"No silo can host {target.GrainIdentity}.");
        load.Placed(chosen.ToString());
        return Task.FromResult(chosen);
    }
}
