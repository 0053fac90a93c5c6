using Chord.Grains.Limits;

namespace Chord.Tests.Core;

/// <summary>
/// A limit's books as pure rules, without a cluster: leases within the limit and renewed by their silo, a dead silo's
/// lease counted until it lapses, books made anew after their grain was lost granting nothing for a lease time while
/// the silos' renewals write their holdings back in, a lowered limit cutting spare permits and saying the cluster runs
/// over it, and the rate's bucket.
/// </summary>
public sealed class LimitBooksTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);

    [Fact]
    public void SilosGetWhatTheLimitLeavesAndADeadSilosLeaseCountsUntilItLapses()
    {
        var books = new LimitBooks(T0);

        var a = books.Request("a", running: 0, holding: 0, want: 2, waiting: 2, limit: 3, T0, Lease);
        var b = books.Request("b", running: 0, holding: 0, want: 4, waiting: 4, limit: 3, T0, Lease);
        var bBeforeLapse = books.Request("b", running: 1, holding: 1, want: 3, waiting: 3, limit: 3, T0 + Lease - TimeSpan.FromSeconds(1), Lease);
        var bAfterLapse = books.Request("b", running: 1, holding: 1, want: 3, waiting: 3, limit: 3, T0 + Lease, Lease); // "a" died: no renewal

        Assert.Equal((2, false), (a.Leased, a.Over));
        Assert.Equal(1, b.Leased);
        Assert.Equal(1, bBeforeLapse.Leased); // a's 2 still count
        Assert.Equal(3, bAfterLapse.Leased);
        Assert.Equal(3, books.Held(T0 + Lease));
    }

    [Fact]
    public void BooksMadeAnewGrantNothingUntilTheOldLeasesLapsedButTakeTheRenewalsIn()
    {
        var grantsFrom = T0 + Lease; // what the lost grain stored: it may have granted leases until then
        var books = new LimitBooks(grantsFrom);

        var renewed = books.Request("a", running: 2, holding: 2, want: 0, waiting: 0, limit: 3, T0, Lease);
        var asked = books.Request("b", running: 0, holding: 0, want: 3, waiting: 3, limit: 3, T0 + TimeSpan.FromSeconds(1), Lease);
        var tokens = books.TakeTokens(5, rate: 10, burst: 5, T0 + TimeSpan.FromSeconds(1));
        books.Request("a", running: 2, holding: 2, want: 0, waiting: 0, limit: 3, T0 + TimeSpan.FromSeconds(5), Lease); // its next renewal
        var later = books.Request("b", running: 0, holding: 0, want: 3, waiting: 3, limit: 3, grantsFrom, Lease);

        Assert.Equal(2, renewed.Leased); // what a silo runs and keeps is written back in
        Assert.Equal(0, asked.Leased); // nothing new while an old lease may still run
        Assert.Equal(0, tokens);
        Assert.Equal(1, later.Leased); // then the limit less what "a" renewed
    }

    [Fact]
    public void ALoweredLimitCutsSparePermitsAndSaysTheClusterRunsOverIt()
    {
        var books = new LimitBooks(T0);
        books.Request("a", running: 0, holding: 0, want: 4, waiting: 6, limit: 8, T0, Lease);
        books.Request("b", running: 0, holding: 0, want: 4, waiting: 6, limit: 8, T0, Lease);

        var a = books.Request("a", running: 3, holding: 4, want: 2, waiting: 2, limit: 2, T0 + TimeSpan.FromSeconds(1), Lease);
        var b = books.Request("b", running: 1, holding: 4, want: 2, waiting: 5, limit: 2, T0 + TimeSpan.FromSeconds(1), Lease);
        var aDone = books.Request("a", running: 0, holding: 0, want: 2, waiting: 2, limit: 2, T0 + TimeSpan.FromSeconds(2), Lease);

        Assert.Equal((3, true), (a.Leased, a.Over)); // no spare beyond what it runs, and over: no reuse
        Assert.Equal((1, true), (b.Leased, b.Over)); // a's 3 running count: b keeps only what it runs
        Assert.Equal((1, false), (aDone.Leased, aDone.Over)); // a's tasks ended: b's 1 and a's 1 make the limit
    }

    [Fact]
    public void TheBucketLetsABurstThenTheRateStartAcrossSilos()
    {
        var books = new LimitBooks(T0);

        var burst = books.TakeTokens(10, rate: 20, burst: 5, T0);
        var empty = books.TakeTokens(10, rate: 20, burst: 5, T0);
        var halfSecond = books.TakeTokens(100, rate: 20, burst: 5, T0 + TimeSpan.FromMilliseconds(500));
        var capped = books.TakeTokens(100, rate: 20, burst: 5, T0 + TimeSpan.FromSeconds(60));

        Assert.Equal((5, 0, 5, 5), (burst, empty, halfSecond, capped)); // 10 refilled in 0.5 s, but never over the burst
    }
}
