using System.Diagnostics;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Durability;

/// <summary>
/// The deployed host, three Silo processes on a real Azurite with K = 4 each and a key limited to 3 across them: the
/// silo that holds some of the key's leases is killed with SIGKILL while it runs the key's tasks. The chords end exact,
/// and the key never had more than 3 tasks running at once, before the kill, in the lease time after it (the dead
/// silo's leases still count, so nobody takes them) or after (they lapsed with nothing left running on them).
/// Concurrency is read from the task records the silos wrote: each task's handler began at its <c>startedAt</c> and ran
/// at least its 300 ms, so intervals [startedAt, startedAt + 290 ms) overlap no more than the permits really held (10 ms
/// off for the drift between the timers that end a sleep and the wall clock that stamps a start).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class KeyLimitKillTests(AzuriteFixture fixture)
{
    private const int Chords = 4;
    private const int Tasks = 24;
    private const int TaskMs = 300;

    [Fact]
    public async Task ASiloProcessHoldingAKeysLeasesKilledWithSigkillNeverLetsMoreThanTheLimitRun()
    {
        var cluster = $"keykill-{Guid.NewGuid():N}"[..20];
        var silos = Enumerable.Range(0, 3).Select(_ => SiloProcess.Start(cluster, fixture.Azurite.ConnectionString,
            "--Chord:Engine:HeavyConcurrency=4", "--Chord:Limits:Keys:capped:MaxRunning=3", "--Chord:Limits:LeaseTime=00:00:02")).ToArray();
        try
        {
            foreach (var silo in silos)
            {
                await silo.WaitHealthyAsync(TimeSpan.FromSeconds(90));
            }

            using var client = await ProcessClusterClient.StartAsync(cluster, fixture.Azurite.ConnectionString);
            var grains = client.Grains();
            var chords = Enumerable.Range(0, Chords).Select(_ => grains.GetGrain<IChordGrain>(ChordWaits.NewId("keykill"))).ToArray();
            foreach (var chord in chords)
            {
                await chord.SubmitAsync(new ChordSpec
                {
                    Map = new MapSpec { Handler = "sleep", Count = Tasks, Args = $$"""{"ms":{{TaskMs}}}""" },
                    Body = new TaskSpec("count"),
                    Options = new ChordOptions { Key = "capped" },
                });
            }

            // The victim: a silo other than the first that reports the key's tasks running on it now.
            SiloProcess? victim = null;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (victim is null && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
                var views = await grains.GetGrain<IClusterViewGrain>(0).GetAsync();
                victim = silos.Skip(1).FirstOrDefault(silo => views.Any(v => v.Load.DashboardUrl == silo.Url && v.Load.Limits.Any(l => l.Name == "capped" && l.Running > 0)));
            }

            Assert.NotNull(victim);
            var doneAtKill = (await Task.WhenAll(chords.Select(c => c.GetProgressAsync()))).Sum(p => p!.Tasks.Completed);
            var killedAt = DateTimeOffset.UtcNow;
            victim.Kill(); // SIGKILL
            var finals = await Task.WhenAll(chords.Select(c => c.FinalAsync(TimeSpan.FromSeconds(180))));
            foreach (var f in finals)
            {
                Assert.True(f.Status == ChordStatus.Succeeded, $"{f.Id} ended {f.Status}: {string.Join("; ", f.Failures.Select(x => $"task {x.Index}: {x.Error}"))}\n{string.Join("\n---\n", silos.Where(s => s != victim).Select(s => s.RecentOutput))}");
            }

            var starts = new List<DateTimeOffset>();
            foreach (var chord in chords)
            {
                var page = await chord.ListTasksAsync(new TaskQuery(null, 0, Tasks));
                Assert.Equal(Tasks, page!.Items.Length);
                var unstarted = page.Items.Where(t => t.StartedAt is null).ToList();
                Assert.True(unstarted.Count == 0, $"tasks without a start: {string.Join(", ", unstarted.Select(t => $"{t.Index} {t.Phase} attempts {t.Attempts} queued {t.QueuedAt:O} finished {t.FinishedAt:O}"))}");
                starts.AddRange(page.Items.Select(t => t.StartedAt!.Value));
            }

            await client.StopAsync();

            Assert.InRange(doneAtKill, 0, (Chords * Tasks) - 1); // the kill hit running work
            Assert.All(finals, f => Assert.Equal((ChordStatus.Succeeded, Tasks, Tasks.ToString()), (f.Status, f.Tasks.Succeeded, f.Body.Result)));
            var most = MostAtOnce(starts, TimeSpan.FromMilliseconds(TaskMs - 10)); // 10 ms less: timers and the wall clock differ by a millisecond or so
            var timeline = string.Join(" ", starts.Order().Select(s => $"{(s - killedAt).TotalMilliseconds:F0}"));
            Assert.True(most is >= 2 and <= 3, $"{most} at once; starts relative to the kill (ms): {timeline}"); // the limit held, and was used (12 heavy permits would run far more)
        }
        finally
        {
            foreach (var silo in silos)
            {
                silo.Dispose();
            }
        }
    }

    /// <summary>The most intervals [start, start + length) that overlap at any moment.</summary>
    private static int MostAtOnce(List<DateTimeOffset> starts, TimeSpan length)
    {
        var edges = starts.SelectMany(s => new[] { (At: s, Change: +1), (At: s + length, Change: -1) })
            .OrderBy(e => e.At).ThenBy(e => e.Change); // an end before a start at the same moment
        int now = 0, most = 0;
        foreach (var (_, change) in edges)
        {
            now += change;
            most = Math.Max(most, now);
        }

        Debug.Assert(now == 0);
        return most;
    }
}
