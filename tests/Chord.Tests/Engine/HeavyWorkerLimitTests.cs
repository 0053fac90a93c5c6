using Chord.Grains.Lanes;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Engine;

/// <summary>The heavy worker's activation cap per silo comes from configuration, not from the attribute's default.</summary>
public sealed class HeavyWorkerLimitTests
{
    [Fact]
    public async Task CallsStraightToTheWorkerRunAtMostKAtOnce()
    {
        // K = 3 differs from [StatelessWorker]'s default (one per core), so only the configured cap can give exactly 3.
        const int k = 3;
        var probe = new TestProbe();
        await using var cluster = await ChordTestCluster.StartAsync(1, probe, engine: o => o.HeavyConcurrency = k);
        var worker = cluster.Client.GetGrain<IHeavyWorkerGrain>(0);

        var calls = Enumerable.Range(0, 3 * k).Select(i => worker.RunAsync(
            new HandlerCall { ChordId = "direct", Handler = "probe", Index = i, Attempt = 1, Args = "{\"ms\":300}" }));
        var outcomes = await Task.WhenAll(calls);

        Assert.All(outcomes, outcome => Assert.True(outcome.Succeeded, outcome.Error?.Message));
        Assert.Equal(k, Assert.Single(probe.MaxRunningPerSilo).Value);
    }
}
