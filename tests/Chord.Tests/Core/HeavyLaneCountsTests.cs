using Chord.Grains;
using Chord.Grains.Lanes;
using Microsoft.Extensions.Options;

namespace Chord.Tests.Core;

/// <summary>What the heavy lane reports to the cluster view and to placement: permits held and tasks really waiting.</summary>
public sealed class HeavyLaneCountsTests
{
    [Fact]
    public async Task ACancelledWaiterNoLongerCountsAsQueued()
    {
        var lane = new HeavyLane(Options.Create(new ChordEngineOptions { HeavyConcurrency = 1 }));
        var held = await lane.AcquireAsync("a", ChordPriority.Normal, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = lane.AcquireAsync("a", ChordPriority.Normal, cancel.Token).AsTask();
        var waiting = lane.AcquireAsync("b", ChordPriority.Normal, CancellationToken.None).AsTask();
        var queuedBefore = lane.Queued;

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        var queuedAfterCancel = lane.Queued;
        held.Dispose(); // the cancelled waiter's turn is skipped, the other one gets the permit
        using var granted = await waiting;

        Assert.Equal((2, 1), (queuedBefore, queuedAfterCancel));
        Assert.Equal((0, 1), (lane.Queued, lane.Held));
    }

    [Fact]
    public async Task CancelsRacingGrantsLeaveNoDriftInTheCounts()
    {
        // Many waiters, half of them cancelled while permits are given back on other threads: whatever the
        // interleaving, once every permit is back nothing counts as queued or held.
        var lane = new HeavyLane(Options.Create(new ChordEngineOptions { HeavyConcurrency = 2 }));
        for (var round = 0; round < 20; round++)
        {
            var work = Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
            {
                using var cancel = new CancellationTokenSource();
                if (i % 2 == 0)
                {
                    cancel.CancelAfter(TimeSpan.FromTicks(Random.Shared.Next(0, 20_000)));
                }

                try
                {
                    using var permit = await lane.AcquireAsync($"c{i % 7}", ChordPriority.Normal, cancel.Token);
                    await Task.Yield();
                }
                catch (OperationCanceledException)
                {
                    // cancelled while waiting
                }
            })).ToArray();
            await Task.WhenAll(work);

            Assert.Equal((0, 0), (lane.Queued, lane.Held));
        }
    }
}
