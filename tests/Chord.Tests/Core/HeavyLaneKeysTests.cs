using Chord.Tests.Infrastructure;
using Chord.Grains;
using Chord.Grains.Lanes;
using Chord.Grains.Limits;
using Microsoft.Extensions.Options;

namespace Chord.Tests.Core;

/// <summary>
/// The heavy lane serves keys in turn (a chord's <c>options.key</c>), by their configured weight, whatever number of
/// tasks or chords each queued; and within a key its chords in turn.
/// </summary>
public sealed class HeavyLaneKeysTests
{
    [Fact]
    public async Task TwoKeysWithEqualWeightsShareThePermitsWhateverTheyQueued()
    {
        var lane = Lane(new());
        var order = await GrantOrderAsync(lane, [.. Waiters("a", chords: 10, each: 30), .. Waiters("b", chords: 1, each: 100)], grants: 100);

        Assert.InRange(order.Count(k => k == "a"), 45, 55); // 50 ± 10 %, though a queued 300 tasks in 10 chords
    }

    [Fact]
    public async Task WeightsThreeToOneGiveThreeQuartersToTheHeavierKey()
    {
        var lane = Lane(new() { Keys = { ["a"] = new KeyLimitOptions { Weight = 3 } } });
        var order = await GrantOrderAsync(lane, [.. Waiters("a", chords: 1, each: 200), .. Waiters("b", chords: 4, each: 50)], grants: 100);

        Assert.InRange(order.Count(k => k == "a"), 68, 82); // 75 ± 10 %
    }

    [Fact]
    public async Task AKeysFewTasksBehindAnotherKeysTenThousandGoAtTheNextPermits()
    {
        var lane = Lane(new());
        var order = await GrantOrderAsync(lane, [.. Waiters("a", chords: 100, each: 100), .. Waiters("b", chords: 1, each: 10)], grants: 20);

        Assert.Equal(10, order.Count(k => k == "b")); // every other permit, from the second on
        Assert.Equal("b", order[1]);
    }

    [Fact]
    public async Task ChordsWithoutAKeyAreEachAKeyOfTheirOwn()
    {
        var lane = Lane(new());
        var order = await GrantOrderAsync(lane, [.. Waiters(null, chords: 3, each: 10)], grants: 9);

        Assert.Equal(["c0", "c1", "c2", "c0", "c1", "c2", "c0", "c1", "c2"], order);
    }

    private static HeavyLane Lane(ChordLimitsOptions limits) =>
        new(Options.Create(new ChordEngineOptions { HeavyConcurrency = 1 }), new CurrentLimits(new FixedOptionsMonitor<ChordLimitsOptions>(limits)));

    private static IEnumerable<(string ChordId, string? Key)> Waiters(string? key, int chords, int each) =>
        Enumerable.Range(0, each).SelectMany(_ => Enumerable.Range(0, chords).Select(c => ($"{key ?? ""}c{c}", key)));

    /// <summary>Queues the waiters behind a held permit, then frees one permit at a time: the key (or chord, without one) each went to.</summary>
    private static async Task<List<string>> GrantOrderAsync(HeavyLane lane, (string ChordId, string? Key)[] waiters, int grants)
    {
        var held = await lane.AcquireAsync("holder", ChordPriority.Normal, CancellationToken.None);
        var pending = waiters.Select(w => (Who: w.Key ?? w.ChordId, Permit: lane.AcquireAsync(new HeavyRequest(w.ChordId, w.Key, null, "h", ChordPriority.Normal), CancellationToken.None).AsTask())).ToList();
        var order = new List<string>();
        for (var i = 0; i < grants; i++)
        {
            held.Dispose();
            var granted = await Task.WhenAny(pending.Select(p => p.Permit));
            var index = pending.FindIndex(p => p.Permit == granted);
            order.Add(pending[index].Who);
            pending.RemoveAt(index);
            held = await granted;
        }

        return order;
    }
}
