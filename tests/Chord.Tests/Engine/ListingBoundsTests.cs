using Chord.Grains;
using Chord.Grains.Chords;
using Chord.Grains.Tasks;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Engine;

/// <summary>
/// Reads hold bounded memory: a task listing reads records of at most its byte budget (filtered-out ones count),
/// a silo answers at most <c>MaxConcurrentListings</c> at once and turns the next away (<see cref="ChordBusyException"/>),
/// and a finished chord keeps no spec in memory.
/// </summary>
public sealed class ListingBoundsTests
{
    [Fact]
    public async Task AListingOfLargeResultsStopsAtItsBudgetAndSaysWhereToGoOn()
    {
        const int n = 200;
        var probe = new TestProbe();
        await using var cluster = await ChordTestCluster.StartAsync(1, probe);
        var chord = cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("listing-budget"));
        await chord.SubmitAsync(new ChordSpec
        {
            Map = new MapSpec { Handler = "noop", Count = n, Args = $$"""{"pad":"{{new string('x', 60_000)}}"}""" }, // 60 KB results
            Body = new TaskSpec("count"),
            Options = new ChordOptions { MaxConcurrency = 50 },
        });
        await chord.FinalAsync(TimeSpan.FromSeconds(60));

        var all = await chord.ListTasksAsync(new TaskQuery(null, 0, n));
        var none = await chord.ListTasksAsync(new TaskQuery(TaskPhase.Failed, 0, n)); // reads records only to filter them out

        var listedBytes = all!.Items.Sum(item => 64 + (item.Result!.Length * 2));
        Assert.InRange(all.Items.Length, 1, n - 1);
        Assert.InRange(listedBytes, 1, TaskListing.BudgetBytes + 130_000); // the budget, plus at most the record that crossed it
        Assert.Equal(all.Items.Length, all.Next);
        Assert.Empty(none!.Items);
        Assert.InRange(none.Next!.Value, 1, n - 1); // it stopped at its budget too, and says where to go on
    }

    [Fact]
    public async Task ASiloAtItsLimitOfListingsTurnsTheNextAwayAndTakesItOnceOneEnds()
    {
        var probe = new TestProbe();
        await using var cluster = await ChordTestCluster.StartAsync(1, probe, engine: o => o.MaxConcurrentListings = 1);
        var chord = cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("listing-gate"));
        await chord.SubmitAsync(new ChordSpec { Tasks = [new TaskSpec("gate")], Body = new TaskSpec("count") });
        Assert.True(probe.GateReached.Wait(TimeSpan.FromSeconds(10)), "the gate task did not start");

        // The gate task blocks its unit's thread, so a listing that asks that unit what it runs waits on it.
        var held = chord.ListTasksAsync(new TaskQuery(null, 0, 10));
        await Task.Delay(300);
        var turnedAway = await Assert.ThrowsAsync<ChordBusyException>(() => chord.ListTasksAsync(new TaskQuery(null, 0, 10)));
        probe.Gate.Set();
        var first = await held;
        await chord.FinalAsync(TimeSpan.FromSeconds(30));
        var after = await chord.ListTasksAsync(new TaskQuery(null, 0, 10));

        Assert.False(held.IsFaulted);
        Assert.NotNull(first);
        Assert.Equal(1, turnedAway.RetryAfterSeconds);
        Assert.Equal(TaskPhase.Succeeded, Assert.Single(after!.Items).Phase);
    }

    [Fact]
    public void TheGateCountsPlacesAndGivesThemBackOnce()
    {
        var gate = new ListingGate(Microsoft.Extensions.Options.Options.Create(new ChordEngineOptions { MaxConcurrentListings = 2 }));

        var first = gate.TryEnter();
        var second = gate.TryEnter();
        var third = gate.TryEnter();
        first!.Dispose();
        first.Dispose(); // twice gives back one place, not two
        var fourth = gate.TryEnter();
        var fifth = gate.TryEnter();

        Assert.NotNull(second);
        Assert.Null(third);
        Assert.NotNull(fourth);
        Assert.Null(fifth);
        Assert.Equal(2, gate.Open);
    }
}
