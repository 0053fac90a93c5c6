using Chord.Grains.Cluster;

namespace Chord.Tests.Core;

/// <summary>
/// A heavy permit held by an abandoned handler is not free capacity: placement scores a silo by its work per permit
/// that abandoned handlers leave free, a silo whose permits they all hold goes last (but before a leaving one), and the
/// cluster's heavy slots (which size heavy windows) leave them out.
/// </summary>
public sealed class ClusterLoadTests
{
    private static SiloLoad Load(int limit, int running, int queued, int abandonedHeavy) =>
        new() { Silo = "S127.0.0.1:11111:1", HeavyLimit = limit, Running = running, Queued = queued, AbandonedHeavy = abandonedHeavy, Abandoned = abandonedHeavy };

    [Fact]
    public void AbandonedPermitsCountAsUsedCapacity()
    {
        var healthy = ClusterLoad.Score(Load(limit: 4, running: 2, queued: 0, abandonedHeavy: 0), placed: 0, defaultLimit: 2);
        var half = ClusterLoad.Score(Load(limit: 4, running: 2, queued: 0, abandonedHeavy: 2), placed: 0, defaultLimit: 2);
        var halfBusy = ClusterLoad.Score(Load(limit: 4, running: 3, queued: 1, abandonedHeavy: 2), placed: 1, defaultLimit: 2);

        Assert.Equal(0.5, healthy); // 2 running of 4
        Assert.Equal(0.0, half); // its 2 running are the abandoned ones; 2 permits are free
        Assert.Equal(1.5, halfBusy); // (1 running + 1 queued + 1 placed) over the 2 permits left
        Assert.True(half < healthy);
    }

    [Fact]
    public void ASiloWhosePermitsAreAllHeldByAbandonedHandlersGoesLastButBeforeALeavingOne()
    {
        var wedged = ClusterLoad.Score(Load(limit: 2, running: 2, queued: 0, abandonedHeavy: 2), placed: 0, defaultLimit: 2);
        var swamped = ClusterLoad.Score(Load(limit: 2, running: 2, queued: 10_000, abandonedHeavy: 0), placed: 500, defaultLimit: 2);

        Assert.Equal(ClusterLoad.Wedged, wedged);
        Assert.True(wedged > swamped);
        Assert.True(wedged < double.MaxValue); // the score of a silo that leaves
        Assert.Equal(0.0, ClusterLoad.Score(null, placed: 0, defaultLimit: 2)); // no report yet: empty
    }

    [Fact]
    public void HeavySlotsLeaveOutPermitsHeldByAbandonedHandlers()
    {
        Assert.Equal(4, ClusterLoad.UsableSlots(Load(limit: 4, running: 1, queued: 0, abandonedHeavy: 0)));
        Assert.Equal(1, ClusterLoad.UsableSlots(Load(limit: 4, running: 4, queued: 0, abandonedHeavy: 3)));
        Assert.Equal(0, ClusterLoad.UsableSlots(Load(limit: 2, running: 2, queued: 0, abandonedHeavy: 2)));
    }

    [Fact]
    public void APictureKeepsALeavingSiloWhenTheViewMovedAndLostItButForgetsSilosThatAreGone()
    {
        var stopping = new SiloView { Load = Load(2, 1, 0, 0) with { Silo = "S127.0.0.1:11112:1" }, Leaving = true };
        var other = new SiloView { Load = Load(2, 0, 0, 0) with { Silo = "S127.0.0.1:11113:1" } };
        var dead = new SiloView { Load = Load(2, 0, 0, 0) with { Silo = "S127.0.0.1:11114:1" } };
        var previous = new[] { stopping, other, dead }.ToDictionary(v => v.Load.Silo);
        var reportedAgain = stopping with { Leaving = false }; // a report that reached the new view before anything else

        var afterMove = ClusterLoad.Merge(previous, [other], silo => silo != dead.Load.Silo);
        var withReport = ClusterLoad.Merge(previous, [reportedAgain, other], _ => true);

        Assert.True(afterMove[stopping.Load.Silo].Leaving); // not an empty silo that takes new units
        Assert.False(afterMove.ContainsKey(dead.Load.Silo));
        Assert.True(withReport[stopping.Load.Silo].Leaving);
        Assert.False(withReport[other.Load.Silo].Leaving);
    }
}
