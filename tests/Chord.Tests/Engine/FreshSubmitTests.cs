using Chord.Tests.Infrastructure;

namespace Chord.Tests.Engine;

/// <summary>
/// A chord submitted under an id its caller just generated (<see cref="IChordGrain.SubmitNewAsync"/>, what the HTTP
/// API does for a request without an id) reads neither its own state nor its units' (there is nothing to read),
/// and an id that holds a chord after all is refused without touching it, whether its activation is alive or new.
/// </summary>
public sealed class FreshSubmitTests
{
    private static ChordSpec TenNoOps => new() { Map = new MapSpec { Handler = "noop", Count = 10 }, Body = new TaskSpec("sum") };

    [Fact]
    public async Task AChordUnderAFreshIdReadsNoStateWhereAChordUnderAGivenIdReadsItsOwn()
    {
        var faults = new StorageFaults();
        await using var cluster = await ChordTestCluster.StartAsync(2, new TestProbe(), faults: faults);
        var fresh = ChordWaits.NewId("fresh");
        var given = ChordWaits.NewId("given");

        await cluster.Client.GetGrain<IChordGrain>(fresh).SubmitNewAsync(TenNoOps);
        await cluster.Client.GetGrain<IChordGrain>(given).SubmitAsync(TenNoOps);
        var finals = new[]
        {
            await cluster.Client.GetGrain<IChordGrain>(fresh).FinalAsync(TimeSpan.FromSeconds(30)),
            await cluster.Client.GetGrain<IChordGrain>(given).FinalAsync(TimeSpan.FromSeconds(30)),
        };

        Assert.All(finals, final => Assert.Equal((ChordStatus.Succeeded, "45"), (final.Status, final.Body.Result)));
        Assert.Equal(0, ReadsOf(faults, fresh));
        Assert.Equal(1, ReadsOf(faults, $"chord/chord/{given}"));
        Assert.Equal(1, ReadsOf(faults, $"unit/task/{given}/"));
    }

    [Fact]
    public async Task AFreshSubmitToAnIdInUseIsRefusedAndLeavesItsChordAsItWas()
    {
        var faults = new StorageFaults();
        var store = new System.Collections.Concurrent.ConcurrentDictionary<string, (object State, string ETag)>();
        var id = ChordWaits.NewId("in-use");
        ChordProgress before;
        await using (var first = await ChordTestCluster.StartAsync(1, new TestProbe(), faults: faults, store: store))
        {
            var chord = first.Client.GetGrain<IChordGrain>(id);
            await chord.SubmitAsync(TenNoOps);
            before = await chord.FinalAsync(TimeSpan.FromSeconds(30));

            // The live activation knows its chord.
            await Assert.ThrowsAsync<ChordConflictException>(() => chord.SubmitNewAsync(TenNoOps));
        }

        // A new activation takes the id as new, and its insert is refused.
        await using var second = await ChordTestCluster.StartAsync(1, new TestProbe(), faults: faults, store: store);
        var again = second.Client.GetGrain<IChordGrain>(id);
        var writesBefore = faults.Writes.GetValueOrDefault($"chord/chord/{id}");
        await Assert.ThrowsAsync<ChordConflictException>(() => again.SubmitNewAsync(TenNoOps));

        var after = await again.GetProgressAsync();
        Assert.Equal(writesBefore, faults.Writes.GetValueOrDefault($"chord/chord/{id}"));
        Assert.Equal((before.Status, before.Body.Result, before.Version), (after!.Status, after.Body.Result, after.Version));
        Assert.False((await again.SubmitAsync(TenNoOps)).Created); // the same spec under its own id: the chord it holds
    }

    private static int ReadsOf(StorageFaults faults, string keyPart) =>
        faults.Reads.Where(read => read.Key.Contains(keyPart, StringComparison.Ordinal)).Sum(read => read.Value);
}
