using System.Collections.Concurrent;
using System.Net;
using Chord.Grains.Cluster;
using Chord.Grains.Lanes;
using Chord.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Chord.Tests.Engine;

/// <summary>
/// Hung heavy handlers (attempts that timed out and ignore their token) keep their permits, since K bounds the handlers
/// that really run. A silo whose permits they all hold for <c>Chord:Engine:WedgedAfter</c> is wedged: <c>/alive</c>
/// answers 503 saying so, and it is recycled (here by a recorder, as an in-process cluster cannot stop its process;
/// the test then stops the silo, as its supervisor would replace it): its units are handed back and end elsewhere.
/// </summary>
public sealed class WedgedSiloTests
{
    [Fact]
    public async Task AWedgedSiloIsRecycledOnceAndTheChordEndsOnTheOtherSilo()
    {
        const int n = 6;
        var probe = new TestProbe();
        var recycles = new ConcurrentQueue<(string Silo, string Reason)>();
        await using var cluster = await ChordTestCluster.StartAsync(
            2,
            probe,
            processWideStorage: true,
            engine: o => o.WedgedAfter = TimeSpan.FromSeconds(1),
            silo: s => s.Services.AddSingleton<ISiloRecycler>(provider => new RecordingRecycler(provider.GetRequiredService<ILocalSiloDetails>(), recycles)));
        var victim = cluster.Silos[1]; // not the primary, which the in-process cluster needs
        var survivor = cluster.Silos[0].SiloAddress.ToString();
        var victimRunner = victim.ServiceProvider.GetRequiredService<LaneRunner>();
        probe.HangOn[victim.SiloAddress.ToString()] = true;
        var id = ChordWaits.NewId("wedged");
        var chord = cluster.Client.GetGrain<IChordGrain>(id);
        try
        {
            // Every first attempt on the victim hangs (up to 60 s, ignoring its token): its retries queue behind them.
            await chord.SubmitAsync(new ChordSpec
            {
                Map = new MapSpec { Handler = "hang", Count = n, Args = """{"ms":100}""" },
                Body = new TaskSpec("sum"),
                Options = new ChordOptions { TaskTimeoutMs = 300, Retry = new RetryOptions { MaxAttempts = 3, BackoffMs = 1 } },
            });
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (recycles.IsEmpty && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            Assert.Single(recycles);
            var abandonedWhenRecycled = victimRunner.AbandonedHeavy;
            var hungOnVictim = probe.HangingOn(victim.SiloAddress.ToString());
            var wedge = victim.ServiceProvider.GetRequiredService<WedgeWatch>();
            Assert.True(wedge.IsWedged);

            // What its supervisor would do: the silo stops gracefully and hands its units back.
            var stopping = cluster.StopSiloAsync(victim);
            var final = await chord.FinalAsync(TimeSpan.FromSeconds(60));
            probe.HangReleased.TrySetResult();
            await stopping;

            var (silo, reason) = Assert.Single(recycles); // once, however long it stays wedged
            Assert.Equal(victim.SiloAddress.ToString(), silo);
            Assert.Contains("wedged", reason, StringComparison.Ordinal);
            Assert.Equal(2, abandonedWhenRecycled); // both permits (K = 2) held by abandoned handlers
            Assert.Equal(2, hungOnVictim); // the fault hit running work
            Assert.Equal(ChordStatus.Succeeded, final.Status);
            Assert.Equal(new TaskCounts(n, 0, 0, n, 0, 0), final.Tasks);
            Assert.Equal((n * (n - 1) / 2).ToString(), final.Body.Result);
            Assert.All(Enumerable.Range(0, n), i => Assert.Equal(survivor, probe.RanOnSilo(id, i))); // the victim ended none
        }
        finally
        {
            probe.HangReleased.TrySetResult();
        }
    }

    [Fact]
    public async Task AWedgedSilosAliveAnswers503SayingSoUntilItsPermitsComeBack()
    {
        var probe = new TestProbe();
        probe.HangOn["*"] = true;
        await using var api = await ApiHost.StartAsync(probe, engine: o =>
        {
            o.WedgedAfter = TimeSpan.FromMilliseconds(500);
            o.RecycleWhenWedged = false; // a test host must not stop, nor set this process's exit code
        });
        using var http = new HttpClient { BaseAddress = api.SiloAddresses[0], Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var before = await http.GetAsync("/alive");
            var chord = api.Grains.GetGrain<IChordGrain>(ChordWaits.NewId("wedged-alive"));
            await chord.SubmitAsync(new ChordSpec
            {
                Map = new MapSpec { Handler = "hang", Count = 2 },
                Body = new TaskSpec("count"),
                Options = new ChordOptions { TaskTimeoutMs = 300, MaxAttempts = 1 },
            });
            var final = await chord.FinalAsync(TimeSpan.FromSeconds(30));
            HttpStatusCode alive;
            string says;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            do
            {
                await Task.Delay(100);
                using var response = await http.GetAsync("/alive");
                (alive, says) = (response.StatusCode, await response.Content.ReadAsStringAsync());
            }
            while (alive is HttpStatusCode.OK && DateTime.UtcNow < deadline);

            using var health = await http.GetAsync("/health");
            probe.HangReleased.TrySetResult();
            HttpStatusCode after;
            do
            {
                await Task.Delay(100);
                using var response = await http.GetAsync("/alive");
                after = response.StatusCode;
            }
            while (after is not HttpStatusCode.OK && DateTime.UtcNow < deadline);

            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            Assert.Equal(ChordStatus.Failed, final.Status); // the chord did not wait for its hung handlers
            Assert.Equal("Timeout", final.Failures[0].Error.Type);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, alive);
            Assert.Contains("wedged", says, StringComparison.Ordinal);
            Assert.Contains("WedgedAfter", says, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            Assert.Equal(HttpStatusCode.OK, after); // its handlers returned: no longer wedged (it was not recycled)
        }
        finally
        {
            probe.HangReleased.TrySetResult();
        }
    }

    [Fact]
    public async Task TheHostRecyclerLeavesAProcessAloneWhoseHostDoesNotStopWithTheSilo()
    {
        // An in-process silo: stopping its application does not stop it, so a recycle must not end the test process.
        var probe = new TestProbe();
        probe.HangOn["*"] = true;
        await using var cluster = await ChordTestCluster.StartAsync(
            1,
            probe,
            engine: o => o.WedgedAfter = TimeSpan.FromMilliseconds(200),
            silo: s => s.Services.AddSingleton<ISiloRecycler, HostRecycler>());
        var wedge = cluster.Silos[0].ServiceProvider.GetRequiredService<WedgeWatch>();
        var membership = cluster.Silos[0].ServiceProvider.GetRequiredService<ISiloStatusOracle>();
        try
        {
            await cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("in-process-recycle")).SubmitAsync(new ChordSpec
            {
                Map = new MapSpec { Handler = "hang", Count = 2 },
                Body = new TaskSpec("count"),
                Options = new ChordOptions { TaskTimeoutMs = 100, MaxAttempts = 1 },
            });
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!wedge.IsWedged && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            for (var i = 0; i < 100 && Environment.ExitCode == 0; i++)
            {
                await Task.Delay(10); // the recycle follows the wedged state at once
            }

            var exitCodeWhileRecycling = Environment.ExitCode;
            await Task.Delay(TimeSpan.FromSeconds(12)); // past the recycler's notice for the silo to start stopping

            Assert.True(wedge.IsWedged);
            Assert.Equal(3, exitCodeWhileRecycling);
            Assert.Equal(SiloStatus.Active, membership.CurrentStatus); // the application's stop did not stop this silo
            Assert.Equal(0, Environment.ExitCode); // so the recycler gave the exit code back and will not exit
        }
        finally
        {
            probe.HangReleased.TrySetResult();
        }
    }

    private sealed class RecordingRecycler(ILocalSiloDetails silo, ConcurrentQueue<(string Silo, string Reason)> recycles) : ISiloRecycler
    {
        public void Recycle(string reason) => recycles.Enqueue((silo.SiloAddress.ToString(), reason));
    }
}
