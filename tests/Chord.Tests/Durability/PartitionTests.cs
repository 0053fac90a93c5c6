using Chord.Grains.Storage;
using System.Diagnostics;
using System.Net;
using Chord.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Chord.Tests.Durability;

/// <summary>
/// Network partitions, on the real thing: three Silo processes on a real Azurite, and iptables rules on loopback
/// (as root; skipped with the reason otherwise). Mid-chord, one silo (run as its own user, so rules can match its
/// packets) is cut off from the other silos for longer than the membership's death vote, or from storage. The
/// chord ends with every task counted once, the body run once, progress that never went back, and no longer a
/// wait than the membership (or storage's retries) needs; the cut-off silo has either rejoined or left.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PartitionTests(AzuriteFixture fixture, ITestOutputHelper output)
{
    // Fast membership, so that a cut outlasts the death vote within a short test.
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    private const int MissedProbes = 3;
    private static readonly TimeSpan TableRefresh = TimeSpan.FromSeconds(5);

    // How long a silo's writes may fail before its units and its chords give their work up and move (well inside the cut).
    private static readonly TimeSpan StorageGiveUp = TimeSpan.FromSeconds(6);

    // How long a silo's writes may fail before it leaves the cluster (recycled: it exits, the membership routes around it).
    private static readonly TimeSpan StorageLeave = TimeSpan.FromSeconds(8);

    // The longest the other silos need to vote the cut-off one dead: Orleans adapts a probe's timeout up to four
    // times ProbeTimeout, NumMissedProbesLimit missed probes in a row make a suspicion, and the second silo's vote
    // may come a probe later.
    private static readonly TimeSpan DeathVote = 4 * ProbeTimeout * (MissedProbes + 1);

    // The longest one storage request takes that a silo began during a storage cut: its tries (AzureStorageClients,
    // sized by StorageGiveUpAfter) and their back-off.
    private static readonly TimeSpan StorageCall = AzureStorageClients.TryTimeout(StorageGiveUp) * AzureStorageClients.Tries + TimeSpan.FromSeconds(2);

    // What a chord needs after its silos can work again, beyond the membership or storage: the chord's probe
    // (1 s in SiloProcess) re-sends silent units, a unit's grain activates elsewhere, and the remaining tasks run.
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(20);

    // How late the sampling loop may see a change: one round of its calls, each given at most 2 s.
    private static readonly TimeSpan LoopLag = TimeSpan.FromSeconds(6);

    private const int N = 120;

    [Fact]
    public async Task ASiloCutOffFromTheOtherSilosLongerThanTheDeathVoteIsDecidedOnAndNothingWaitsForIt()
    {
        Assert.SkipUnless(LoopbackFirewall.IsAvailable, $"no partitions here: {LoopbackFirewall.UnavailableReason}");

        var run = await RunWithCutAsync(
            "silo-cut",
            (firewall, silos, victim) => firewall.CutSilo(victim.SiloPort, silos.Where(s => s != victim).Select(s => s.SiloPort)),
            cutFor: DeathVote + Slack + TimeSpan.FromSeconds(10));

        AssertChordExact(run);

        // The cut outlasted the death vote: the other silos declared the victim dead, and the chord did not wait for
        // the heal (it finished within the vote and the slack after the cut began).
        Assert.True(run.DeclaredDeadAt is not null, $"the cut-off silo was never declared dead. {run}");
        Assert.True(run.DeclaredDeadAt <= run.CutAt + DeathVote + LoopLag, $"the membership took longer than its death vote. {run}");
        Assert.True(run.FinishedAt < run.HealedAt, $"the chord waited for the cut-off silo to come back. {run}");
        Assert.True(run.FinishedAt - run.CutAt <= DeathVote + Slack, $"the chord took longer than the death vote and slack after the cut. {run}");
        Assert.Equal(VictimEnd.Left, run.VictimEnd);
    }

    [Fact]
    public async Task ASiloCutOffFromStorageMidChordRecoversOrLeavesAndTheChordCountsEverythingOnce()
    {
        Assert.SkipUnless(LoopbackFirewall.IsAvailable, $"no partitions here: {LoopbackFirewall.UnavailableReason}");

        // The chord itself is on the cut-off silo (the harder case: its writes hang too), and the cut lasts well
        // beyond the give-up and a storage request's tries.
        var run = await RunWithCutAsync(
            "storage-cut",
            (firewall, _, _) => firewall.CutUserFrom(fixture.Azurite.Ports),
            cutFor: StorageLeave + StorageCall + Slack + TimeSpan.FromSeconds(4),
            chordOnVictim: true);

        AssertChordExact(run);
        Assert.Equal("the victim", run.ChordSilo);
        Assert.True(run.VictimStorageFailedDuringCut, $"the cut-off silo's storage health never failed during the cut. {run}");

        // The silo still answers probes, so the membership has nothing to decide on its own: the chord and its units
        // give their work back once their writes give up, and the silo leaves the cluster after StorageLeaveAfter
        // (which also ends the directory caches that kept routing calls to it), so the work goes on elsewhere while
        // the cut lasts (before the give-ups it stood still until the heal: 20 of 120 done then). This asks for nine
        // in ten done within the cut, and the rest within a storage request's tries and slack after it.
        var doneWithinCut = run.Final.Status is ChordStatus.Succeeded && run.FinishedAt < run.HealedAt ? N : run.CompletedAtHeal ?? 0;
        Assert.True(doneWithinCut >= N * 9 / 10, $"the work waited for the cut-off silo's storage to come back. {run}");
        Assert.True(run.FinishedAt - run.HealedAt <= StorageCall + Slack, $"the chord took longer than a storage request's tries and slack after the heal. {run}");
        Assert.Equal(VictimEnd.Left, run.VictimEnd);
    }

    private static void AssertChordExact(CutRun run)
    {
        Assert.True(run.VictimRanAtCut, $"the cut-off silo ran no handler when it was cut off. {run}");
        Assert.True(run.VictimRanDuringCut, $"the cut-off silo ran no handler of the chord while it was cut off. {run}");
        Assert.InRange(run.CompletedAtCut, 1, N - 1);

        var final = run.Final;
        Assert.Equal(ChordStatus.Succeeded, final.Status);
        Assert.Equal(new TaskCounts(N, 0, 0, N, 0, 0), final.Tasks);

        // sleep returns its index and sum adds the results up as they arrive: a result counted twice or missed
        // would change the sum, and a second body run would show in its attempts.
        Assert.Equal((N * (N - 1) / 2).ToString(System.Globalization.CultureInfo.InvariantCulture), final.Body.Result);
        Assert.Equal(1, final.Body.Attempts);

        Assert.True(run.Samples.Count >= 10, $"too few progress samples ({run.Samples.Count}). {run}");
        foreach (var sample in run.Samples)
        {
            var t = sample.Tasks;
            Assert.True(t.Pending >= 0 && t.Queued >= 0 && t.Running >= 0 && t.Succeeded >= 0 && t.Failed >= 0 && t.Cancelled >= 0, $"a negative count: {t}");
            Assert.Equal(t.Total, t.Pending + t.Queued + t.Running + t.Succeeded + t.Failed + t.Cancelled);
        }

        foreach (var (before, after) in run.Samples.Zip(run.Samples.Skip(1)))
        {
            Assert.True(after.Tasks.Succeeded >= before.Tasks.Succeeded && after.Tasks.Completed >= before.Tasks.Completed, $"progress went back: {before.Tasks} then {after.Tasks}");
        }
    }

    private async Task<CutRun> RunWithCutAsync(string name, Action<LoopbackFirewall, SiloProcess[], SiloProcess> cut, TimeSpan cutFor, bool chordOnVictim = false)
    {
        var user = LoopbackFirewall.EnsureFaultUser();
        var cluster = $"{name}-{Guid.NewGuid():N}"[..20];
        string[] membership =
        [
            $"--Chord:Silo:ProbeTimeout={ProbeTimeout}", $"--Chord:Silo:NumMissedProbesLimit={MissedProbes}", $"--Chord:Silo:TableRefreshTimeout={TableRefresh}",
            $"--Chord:Engine:StorageGiveUpAfter={StorageGiveUp}", $"--Chord:Engine:StorageLeaveAfter={StorageLeave}",
        ];

        // The client's gateway is the first silo; the victim is the last, run as the fault user.
        var silos = new[]
        {
            SiloProcess.StartAs(cluster, fixture.Azurite.ConnectionString, null, membership),
            SiloProcess.StartAs(cluster, fixture.Azurite.ConnectionString, null, membership),
            SiloProcess.StartAs(cluster, fixture.Azurite.ConnectionString, user, membership),
        };
        var victim = silos[^1];
        using var firewall = new LoopbackFirewall();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            foreach (var silo in silos)
            {
                await silo.WaitHealthyAsync(TimeSpan.FromSeconds(90));
            }

            using var client = Host.CreateDefaultBuilder()
                .UseOrleansClient(c =>
                {
                    c.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster, cluster));
                    c.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, silos[0].GatewayPort));
                })
                .Build();
            await client.StartAsync();
            var grains = client.Services.GetRequiredService<IClusterClient>();
            var management = grains.GetGrain<IManagementGrain>(0);
            var chord = chordOnVictim ? await ChordActiveOnAsync(grains, management, victim, name) : grains.GetGrain<IChordGrain>(ChordWaits.NewId(name));

            // Attempts interrupted by the partition count, so allow a few; a task that exhausted them would fail the chord.
            await chord.SubmitAsync(new ChordSpec
            {
                Map = new MapSpec { Handler = "sleep", Count = N, Args = """{"ms":200}""" },
                Body = new TaskSpec("sum"),
                Options = new ChordOptions { MaxAttempts = 10 },
            });

            // Cut once the chord has progress and the victim runs its handlers (the only chord of this cluster).
            var run = new CutRun();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            double? victimDone;
            do
            {
                await Task.Delay(50);
                var scrape = await ScrapeAsync(http, victim);
                run.VictimRanAtCut = scrape is { } s && PrometheusText.Sum(s, "chord_heavy_lane_running") > 0;
                victimDone = scrape is null ? null : PrometheusText.Sum(scrape, "chord_task_duration_seconds_count");
                var before = (await chord.GetProgressAsync())!;
                run.Samples.Add(before); // the counts before the cut are checked with those after it
                run.CompletedAtCut = before.Tasks.Completed;
            }
            while ((!run.VictimRanAtCut || run.CompletedAtCut < 10) && DateTime.UtcNow < deadline);

            // Which silo hosts the chord grain (it counts the chords it accepted), for the report of a run.
            for (var i = 0; i < silos.Length; i++)
            {
                if (await ScrapeAsync(http, silos[i]) is { } scrape && PrometheusText.Sum(scrape, "chord_chords_submitted_total") > 0)
                {
                    run.ChordSilo = i == silos.Length - 1 ? "the victim" : $"silo {i}";
                }
            }

            var clock = Stopwatch.StartNew();
            cut(firewall, silos, victim);
            run.CutAt = clock.Elapsed;
            output.WriteLine($"cut at {run.CompletedAtCut} completed; the victim had finished {victimDone} attempts");
            using var healed = new CancellationTokenSource();
            var storageFailed = HealthFailsAsync(victim, healed.Token);

            var lastStatus = TimeSpan.FromSeconds(-10);
            while (clock.Elapsed < cutFor + DeathVote + StorageCall + Slack + Slack)
            {
                if (run.HealedAt is null && clock.Elapsed >= run.CutAt + cutFor)
                {
                    firewall.Heal();
                    run.HealedAt = clock.Elapsed;
                    run.CompletedAtHeal = run.Samples.LastOrDefault()?.Tasks.Completed;
                    await healed.CancelAsync();
                    output.WriteLine($"healed at {run.HealedAt}");
                }

                if (await ProgressAsync(chord) is { } progress)
                {
                    if (run.Samples.LastOrDefault()?.Tasks.Completed != progress.Tasks.Completed)
                    {
                        run.Timeline.Add($"{clock.Elapsed.TotalSeconds:F1}s:{progress.Tasks.Completed}");
                    }

                    run.Samples.Add(progress);
                    if (progress.IsFinal)
                    {
                        run.FinishedAt = clock.Elapsed;
                        run.Final = progress;
                        break;
                    }
                }

                // During the cut, the victim's web host still answers (only its silo port or its storage is cut):
                // its handlers go on running for the chord, and its storage check fails when storage is cut.
                if (run.HealedAt is null && await ScrapeAsync(http, victim) is { } during)
                {
                    run.VictimRanDuringCut |= PrometheusText.Sum(during, "chord_heavy_lane_running") > 0
                        || PrometheusText.Sum(during, "chord_task_duration_seconds_count") > victimDone;
                }

                if (run.DeclaredDeadAt is null && clock.Elapsed - lastStatus > TimeSpan.FromSeconds(1))
                {
                    lastStatus = clock.Elapsed;
                    if (await VictimStatusAsync(management, victim) is SiloStatus.Dead)
                    {
                        run.DeclaredDeadAt = clock.Elapsed;
                        run.CompletedWhenDeclaredDead = run.Samples.LastOrDefault()?.Tasks.Completed;
                        output.WriteLine($"declared dead at {run.DeclaredDeadAt}");
                    }
                }

                await Task.Delay(200);
            }

            if (run.HealedAt is null)
            {
                firewall.Heal();
                run.HealedAt = clock.Elapsed;
            }

            await healed.CancelAsync();
            run.VictimStorageFailedDuringCut = await storageFailed;

            Assert.True(run.Final is not null, $"the chord did not finish. {run}\nvictim: {victim.RecentOutput}");

            // The victim rejoins (an active member whose health check passes) or leaves (declared dead, and its
            // process ends, as Orleans makes a silo that reads in the membership table that it was declared dead do).
            var settle = Stopwatch.StartNew();
            while (settle.Elapsed < DeathVote + TableRefresh + Slack && run.VictimEnd is VictimEnd.Neither)
            {
                var status = run.VictimStatus = await VictimStatusAsync(management, victim);
                run.VictimExited = victim.HasExited;
                run.VictimEnd = status switch
                {
                    SiloStatus.Dead when victim.HasExited => VictimEnd.Left,
                    SiloStatus.Active when !victim.HasExited && await StatusAsync(http, victim.BaseUrl + "/health") is HttpStatusCode.OK => VictimEnd.Rejoined,
                    _ => VictimEnd.Neither,
                };
                await Task.Delay(500);
            }

            output.WriteLine(run.ToString());
            output.WriteLine("the victim's last lines:");
            output.WriteLine(string.Join('\n', victim.RecentOutput.Split('\n').Where(l => !l.TrimStart().StartsWith("at ", StringComparison.Ordinal)).TakeLast(30)));
            await client.StopAsync();
            return run;
        }
        finally
        {
            firewall.Heal();
            foreach (var silo in silos)
            {
                silo.Dispose();
            }
        }
    }

    /// <summary>
    /// A chord id whose grain is active on <paramref name="silo"/>: chords are placed at random among healthy silos, so
    /// ids are tried (each activated by a read) until one lands there; the submit then reaches that activation.
    /// </summary>
    private static async Task<IChordGrain> ChordActiveOnAsync(IClusterClient grains, IManagementGrain management, SiloProcess silo, string name)
    {
        for (var tries = 0; tries < 50; tries++)
        {
            var chord = grains.GetGrain<IChordGrain>(ChordWaits.NewId(name));
            await chord.GetProgressAsync();
            if (await management.GetActivationAddress(chord) is { } address && address.Endpoint.Port == silo.SiloPort)
            {
                return chord;
            }
        }

        throw new InvalidOperationException($"No chord id landed on the silo at port {silo.SiloPort} in 50 tries.");
    }

    private static async Task<ChordProgress?> ProgressAsync(IChordGrain chord)
    {
        try
        {
            // A call the partition holds up is left to time out on its own; the next sample asks again.
            return await chord.GetProgressAsync().WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException or SiloUnavailableException)
        {
            return null;
        }
    }

    private static async Task<SiloStatus?> VictimStatusAsync(IManagementGrain management, SiloProcess victim)
    {
        try
        {
            var hosts = await management.GetHosts(onlyActive: false).WaitAsync(TimeSpan.FromSeconds(2));
            return hosts.Where(h => h.Key.Endpoint.Port == victim.SiloPort).OrderByDescending(h => h.Key.Generation).Select(h => (SiloStatus?)h.Value).FirstOrDefault();
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException)
        {
            return null;
        }
    }

    /// <summary>True once the silo's <c>/health</c> answers 503 (its storage check failed) before <paramref name="cancellationToken"/> fires.</summary>
    private static async Task<bool> HealthFailsAsync(SiloProcess silo, CancellationToken cancellationToken)
    {
        // The storage check gives up after 5 s, so this waits longer than the 2 s of the sampling loop's client.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(8) };
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var response = await http.GetAsync(silo.BaseUrl + "/health", cancellationToken);
                if (response.StatusCode is HttpStatusCode.ServiceUnavailable)
                {
                    return true;
                }

                await Task.Delay(500, cancellationToken);
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
            {
                // not answering, or healed
            }
        }

        return false;
    }

    private static async Task<string?> ScrapeAsync(HttpClient http, SiloProcess silo)
    {
        try
        {
            return await http.GetStringAsync(silo.BaseUrl + "/metrics");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private static async Task<HttpStatusCode?> StatusAsync(HttpClient http, string url)
    {
        try
        {
            using var response = await http.GetAsync(url);
            return response.StatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private enum VictimEnd
    {
        Neither,
        Rejoined,
        Left,
    }

    private sealed class CutRun
    {
        public bool VictimRanAtCut { get; set; }

        public bool VictimRanDuringCut { get; set; }

        public bool VictimStorageFailedDuringCut { get; set; }

        public int CompletedAtCut { get; set; }

        public string ChordSilo { get; set; } = "unknown";

        public TimeSpan CutAt { get; set; }

        public TimeSpan? HealedAt { get; set; }

        public TimeSpan? DeclaredDeadAt { get; set; }

        public int? CompletedWhenDeclaredDead { get; set; }

        public int? CompletedAtHeal { get; set; }

        public TimeSpan? FinishedAt { get; set; }

        public ChordProgress Final { get; set; } = null!;

        public List<ChordProgress> Samples { get; } = [];

        /// <summary>When the completed count changed, as the samples saw it (for the report of a run).</summary>
        public List<string> Timeline { get; } = [];

        public VictimEnd VictimEnd { get; set; }

        public SiloStatus? VictimStatus { get; set; }

        public bool VictimExited { get; set; }

        public override string ToString() =>
            $"chord on {ChordSilo}; cut at {CutAt.TotalSeconds:F1} s with {CompletedAtCut} completed (victim running then: {VictimRanAtCut}, during: {VictimRanDuringCut}, " +
            $"its storage failing: {VictimStorageFailedDuringCut}); declared dead at {DeclaredDeadAt?.TotalSeconds:F1} s ({CompletedWhenDeclaredDead} completed); " +
            $"healed at {HealedAt?.TotalSeconds:F1} s ({CompletedAtHeal} completed); " +
            $"finished at {FinishedAt?.TotalSeconds:F1} s ({Final?.Status}, {Final?.Tasks}, body {Final?.Body.Result} in {Final?.Body.Attempts}); " +
            $"{Samples.Count} samples, completed {string.Join(' ', Timeline)}; victim {VictimEnd} (last seen {VictimStatus?.ToString() ?? "unknown"}, exited: {VictimExited})";
    }
}
