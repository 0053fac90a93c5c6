using Chord.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Chord.Tests.Engine;

/// <summary>
/// A body reads its input as a stream of bounded pages from the task units: results far larger in total than one
/// message may be reach it across silos, and a body that starts again after its silo died reads everything again,
/// once and in order. Each runs on memory storage and on a real Azurite of its own.
/// </summary>
public sealed class BodyInputTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(120);

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task ResultsLargerInTotalThanTheMessageLimitReachABodyOnAnotherSilo(string storage)
    {
        // 2,000 results of 10 KB (20 MB) against messages of at most 6 MiB: one message with every result, as the
        // body's start carried before, could not be sent at all. Bodies are placed at random, so chords are submitted
        // until one's body runs on another silo than its chord (half of them do; each chord checks the results).
        const int n = 2_000;
        const int limit = 6 * 1024 * 1024;
        var probe = new TestProbe();
        await using var azurite = await TestStorage.StartAsync(storage);
        await using var cluster = await ChordTestCluster.StartAsync(2, probe, azureStorage: azurite?.ConnectionString, silo: s => s.Services.Configure<SiloMessagingOptions>(o => o.MaxMessageBodySize = limit));
        var result = $"\"{new string('r', 10_000)}\"";
        Assert.True((long)n * result.Length > limit);

        for (var attempt = 1; ; attempt++)
        {
            var id = ChordWaits.NewId("large-results");
            var chord = cluster.Client.GetGrain<IChordGrain>(id);
            await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "noop", Count = n, Args = result }, Body = new TaskSpec("record-sum") });
            var final = await chord.FinalAsync(Generous);

            Assert.Equal(ChordStatus.Succeeded, final.Status);
            Assert.Equal(Enumerable.Range(0, n), Assert.Single(probe.BodyReads(id)));
            Assert.True(cluster.TryGetGrainContext(chord.GetGrainId(), out var chordActivation));
            if (probe.BodySilo(id) != chordActivation!.Address.SiloAddress?.ToString())
            {
                return;
            }

            Assert.True(attempt < 20, "every body ran on its chord's silo");
        }
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task ABodyStartedAgainAfterItsSiloDiedReadsEveryResultOnceInOrder(string storage)
    {
        const int n = 400;
        var probe = new TestProbe();
        await using var azurite = await TestStorage.StartAsync(storage);
        await using var cluster = await ChordTestCluster.StartAsync(3, probe, processWideStorage: azurite is null, azureStorage: azurite?.ConnectionString);

        // The body reads for ~4 s (10 ms a result); kill the silo of the body or of the chord while it reads. The
        // primary silo holds the test cluster's membership, so a chord and body both placed there are run again.
        for (var attempt = 0; ; attempt++)
        {
            var id = ChordWaits.NewId("body-restart");
            var chord = cluster.Client.GetGrain<IChordGrain>(id);
            await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "noop", Count = n }, Body = new TaskSpec("record-sum", """{"ms":10}""") });
            var reading = await WaitForBodyAsync(chord);
            var victim = SiloOf(cluster, GrainId.Create("body", id)) ?? SiloOf(cluster, chord.GetGrainId());
            if (victim is null)
            {
                Assert.True(attempt < 5, "the chord and its body were always placed on the primary silo");
                await chord.FinalAsync(Generous);
                continue;
            }

            var readsBeforeKill = probe.BodyReads(id).Length;
            await cluster.KillSiloAsync(victim);
            var final = await chord.FinalAsync(Generous);

            Assert.Equal(BodyStatus.Started, reading.Body.Status); // the kill hit a body that was reading
            Assert.Equal(0, readsBeforeKill);
            Assert.Empty(reading.Failures);
            Assert.Equal(ChordStatus.Succeeded, final.Status);
            Assert.Equal(((long)n * (n - 1) / 2).ToString(), final.Body.Result);
            var reads = probe.BodyReads(id);
            Assert.NotEmpty(reads);
            Assert.All(reads, read => Assert.Equal(Enumerable.Range(0, n), read));
            return;
        }
    }

    /// <summary>The chord's snapshot once its body is reading, before any read of its input completed.</summary>
    private static async Task<ChordProgress> WaitForBodyAsync(IChordGrain chord)
    {
        using var cts = new CancellationTokenSource(Generous);
        while (true)
        {
            var progress = (await chord.GetProgressAsync())!;
            if (progress.Body.Status is BodyStatus.Started)
            {
                await Task.Delay(300, cts.Token); // well into its 4 s of reading
                return (await chord.GetProgressAsync())!;
            }

            await Task.Delay(20, cts.Token);
        }
    }

    /// <summary>The silo that hosts <paramref name="grain"/>, unless it is the primary one.</summary>
    private static InProcessSiloHandle? SiloOf(InProcessTestCluster cluster, GrainId grain)
    {
        if (!cluster.TryGetGrainContext(grain, out var context) || context.Address.SiloAddress is not { } silo || silo.Equals(cluster.Silos[0].SiloAddress))
        {
            return null;
        }

        return cluster.Silos.Single(s => s.SiloAddress.Equals(silo));
    }
}
