using Chord.Grains;
using Chord.Grains.Lanes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Chord.Tests.Core;

/// <summary>The housekeeping lane's two bounds: jobs at once, and storage operations a second.</summary>
public sealed class HousekeepingLaneTests
{
    [Fact]
    public async Task NoMoreJobsRunThanItsConcurrencyAndTheRestWaitTheirTurn()
    {
        using var lane = new HousekeepingLane(Options.Create(new ChordEngineOptions { HousekeepingConcurrency = 2, HousekeepingRate = 1_000 }));
        var first = await lane.EnterAsync(1, CancellationToken.None);
        var second = await lane.EnterAsync(1, CancellationToken.None);
        var waiting = Enumerable.Range(0, 4).Select(_ => lane.EnterAsync(1, CancellationToken.None)).ToArray();
        await Task.Delay(100);

        Assert.Equal(4, lane.Waiting);
        Assert.All(waiting, w => Assert.False(w.IsCompleted));
        first.Dispose();
        second.Dispose();
        foreach (var turn in waiting)
        {
            (await turn).Dispose();
        }

        Assert.Equal(2, lane.MostRunning);
        Assert.Equal(0, lane.Running);
        Assert.Equal(0, lane.Waiting);
    }

    [Fact]
    public async Task OperationsBeyondItsRateWaitForTheBucketToFill()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var lane = new HousekeepingLane(Options.Create(new ChordEngineOptions { HousekeepingConcurrency = 4, HousekeepingRate = 10 }), time);

        (await lane.EnterAsync(10, CancellationToken.None)).Dispose(); // one second's worth, at once
        var next = lane.EnterAsync(5, CancellationToken.None);
        await Task.Delay(100);
        Assert.False(next.IsCompleted); // the bucket is empty and the clock has not moved

        time.Advance(TimeSpan.FromMilliseconds(300));
        await Task.Delay(100);
        Assert.False(next.IsCompleted); // 3 of 5 tokens back

        time.Advance(TimeSpan.FromMilliseconds(300));
        (await next.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
        Assert.Equal(15, lane.Operations);
    }
}
