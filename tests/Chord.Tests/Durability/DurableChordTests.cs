using Chord.Tests.Infrastructure;

namespace Chord.Tests.Durability;

/// <summary>
/// Chords on Azure Storage (a real Azurite): state outlives clusters, a killed chord silo, a whole-cluster restart
/// and a storage outage; every count stays exact and the body runs once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DurableChordTests(AzuriteFixture fixture)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(120);

    private Task<Orleans.TestingHost.InProcessTestCluster> StartClusterAsync(short silos, TestProbe probe) =>
        ChordTestCluster.StartAsync(silos, probe, azureStorage: fixture.Azurite.ConnectionString);

    private static ChordSpec ProbeChord(int n, int ms) =>
        new() { Map = new MapSpec { Handler = "probe", Count = n, Args = $"{{\"ms\":{ms}}}" }, Body = new TaskSpec("record-sum") };

    private static string ExpectedSum(int n) => ((long)n * (n - 1) / 2).ToString();

    private static async Task<ChordProgress> WaitUntilAsync(IChordGrain chord, Func<ChordProgress, bool> condition, List<ChordProgress> samples)
    {
        using var cts = new CancellationTokenSource(Generous);
        while (true)
        {
            var progress = (await chord.GetProgressAsync())!;
            samples.Add(progress);
            if (condition(progress))
            {
                return progress;
            }

            await Task.Delay(20, cts.Token);
        }
    }

    private static void AssertNeverBackwards(List<ChordProgress> samples) =>
        Assert.All(samples.Zip(samples.Skip(1)), pair =>
        {
            Assert.True(pair.Second.Tasks.Completed >= pair.First.Tasks.Completed, $"completed went back: {pair.First.Tasks} -> {pair.Second.Tasks}");
            Assert.True(pair.Second.Tasks.Succeeded >= pair.First.Tasks.Succeeded, $"succeeded went back: {pair.First.Tasks} -> {pair.Second.Tasks}");
        });

    [Fact]
    public async Task AChordOfTenThousandTasksCompletesAndANewClusterReadsIt()
    {
        const int n = 10_000;
        var id = ChordWaits.NewId("durable");
        ChordProgress final;
        await using (var first = await StartClusterAsync(1, new TestProbe()))
        {
            var chord = first.Client.GetGrain<IChordGrain>(id);
            await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "noop", Count = n }, Body = new TaskSpec("sum") });
            final = await chord.FinalAsync(Generous);
        }

        await using var second = await StartClusterAsync(1, new TestProbe());
        var read = await second.Client.GetGrain<IChordGrain>(id).GetProgressAsync();

        Assert.Equal(ChordStatus.Succeeded, final.Status);
        Assert.Equal(ExpectedSum(n), final.Body.Result);
        Assert.NotNull(read);
        Assert.Equal(final.Version, read.Version);
        Assert.Equal(ExpectedSum(n), read.Body.Result);
        Assert.Equal(n, read.Tasks.Succeeded);
    }

    [Fact]
    public async Task KillingTheChordsSiloMidChordStillCompletesExactlyOnce()
    {
        const int n = 1_500;
        var probe = new TestProbe();
        await using var cluster = await StartClusterAsync(3, probe);
        var id = ChordWaits.NewId("kill-chord-silo");
        var chord = cluster.Client.GetGrain<IChordGrain>(id);
        await chord.SubmitAsync(ProbeChord(n, 5));
        Assert.True(cluster.TryGetGrainContext(chord.GetGrainId(), out var context), "the chord has no activation");
        var victim = cluster.Silos.Single(s => s.SiloAddress.Equals(context.Address.SiloAddress));

        var samples = new List<ChordProgress>();
        var atKill = await WaitUntilAsync(chord, p => p.Tasks.Completed >= n / 5, samples);
        await cluster.KillSiloAsync(victim);
        var final = await chord.FinalAsync(Generous);
        samples.Add(final);
        Assert.True(cluster.TryGetGrainContext(chord.GetGrainId(), out var after), "the chord has no activation after the kill");

        AssertHitMidRun(atKill, n);
        Assert.NotEqual(victim.SiloAddress, after.Address.SiloAddress); // the chord itself moved to another silo

        Assert.Equal(ChordStatus.Succeeded, final.Status);
        Assert.Equal(new TaskCounts(n, 0, 0, n, 0, 0), final.Tasks);
        Assert.Equal(ExpectedSum(n), final.Body.Result);
        Assert.Equal(1, final.Body.Attempts);
        Assert.Equal(1, probe.BodyInvocations(id));
        AssertNeverBackwards(samples);
    }

    [Fact]
    public async Task StoppingTheWholeClusterMidChordResumesOnANewCluster()
    {
        const int n = 600;
        var probe = new TestProbe();
        var id = ChordWaits.NewId("restart");
        var samples = new List<ChordProgress>();
        await using (var first = await StartClusterAsync(2, probe))
        {
            var chord = first.Client.GetGrain<IChordGrain>(id);
            await chord.SubmitAsync(ProbeChord(n, 20));
            await WaitUntilAsync(chord, p => p.Tasks.Completed >= n / 4, samples);
            await first.StopAllSilosAsync();
            AssertHitMidRun(samples[^1], n);
        }

        await using var second = await StartClusterAsync(2, probe);
        var resumed = second.Client.GetGrain<IChordGrain>(id);
        var final = await resumed.FinalAsync(Generous);
        samples.Add(final);

        Assert.Equal(ChordStatus.Succeeded, final.Status);
        Assert.Equal(new TaskCounts(n, 0, 0, n, 0, 0), final.Tasks);
        Assert.Equal(ExpectedSum(n), final.Body.Result);
        Assert.Equal(1, probe.BodyInvocations(id));
        AssertNeverBackwards(samples);
    }

    [Fact]
    public async Task AzuriteDownForSecondsMidChordStillCompletes()
    {
        const int n = 400;
        var probe = new TestProbe();
        await using var cluster = await StartClusterAsync(2, probe);
        var id = ChordWaits.NewId("outage");
        var chord = cluster.Client.GetGrain<IChordGrain>(id);
        await chord.SubmitAsync(ProbeChord(n, 20));

        var samples = new List<ChordProgress>();
        var atStop = await WaitUntilAsync(chord, p => p.Tasks.Completed >= n / 4, samples);
        ChordProgress? duringOutage;
        await fixture.Azurite.StopAsync();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(4));
            duringOutage = await ProgressOrNullAsync(chord); // null: the chord's write failed, its activation dropped
        }
        finally
        {
            await fixture.Azurite.StartAgainAsync(); // the other tests of the collection share this Azurite
        }

        var final = await chord.FinalAsync(Generous);
        samples.Add(final);

        AssertHitMidRun(atStop, n);
        Assert.True(duringOutage is null || duringOutage.Tasks.Completed < n, $"the chord finished while storage was down: {duringOutage?.Tasks}");
        Assert.Equal(ChordStatus.Succeeded, final.Status);
        Assert.Equal(new TaskCounts(n, 0, 0, n, 0, 0), final.Tasks);
        Assert.Equal(ExpectedSum(n), final.Body.Result);
        Assert.Equal(1, probe.BodyInvocations(id));
        AssertNeverBackwards(samples);
    }

    [Fact]
    public async Task ManySmallChordsAtOnceSurviveAKilledSiloAndAWholeRestartExactly()
    {
        // A shop's load: many chords of 10 tasks at once. A silo is killed while they run, then the whole cluster
        // stops and a new one takes over; every chord ends exact, and every body run was a recorded attempt.
        const int chords = 120;
        const int n = 10;
        var probe = new TestProbe();
        var ids = Enumerable.Range(0, chords).Select(i => ChordWaits.NewId($"many-{i}")).ToArray();
        int runningAtKill, unfinishedAtKill, unfinishedAtStop;
        await using (var first = await StartClusterAsync(3, probe))
        {
            await SubmitHalfAsNewAsync(first, ids, ProbeChord(n, 30));
            var atKill = await UntilAsync(first, ids, snapshots => snapshots.Count(s => s.IsFinal) >= chords / 5);
            runningAtKill = atKill.Sum(s => s.Tasks.Running + s.Tasks.Queued);
            unfinishedAtKill = atKill.Count(s => !s.IsFinal);
            await first.KillSiloAsync(first.Silos[^1]);

            var atStop = await UntilAsync(first, ids, snapshots => snapshots.Count(s => s.IsFinal) >= chords / 2);
            unfinishedAtStop = atStop.Count(s => !s.IsFinal);
            await first.StopAllSilosAsync();
        }

        await using var second = await StartClusterAsync(2, probe);

        // Nothing reads the chords until the index lists them all as succeeded: their index shards wake the
        // unfinished ones after the start (a listing reads the shards, never a chord).
        var index = second.Client.GetGrain<IChordIndexGrain>(0);
        using (var listed = new CancellationTokenSource(Generous))
        {
            while ((await index.ListAsync(ChordStatus.Succeeded, 1_000)).Count(e => ids.Contains(e.Id)) < chords)
            {
                await Task.Delay(100, listed.Token);
            }
        }

        var finals = new List<ChordProgress>();
        foreach (var id in ids)
        {
            finals.Add(await second.Client.GetGrain<IChordGrain>(id).FinalAsync(Generous));
        }

        Assert.True(runningAtKill > 0 && unfinishedAtKill > 0, $"nothing was running when the silo was killed ({unfinishedAtKill} unfinished)");
        Assert.True(unfinishedAtStop > 0, "every chord had finished before the whole cluster stopped");
        AssertEveryChordExact(ids, finals, n, probe);
    }

    [Fact]
    public async Task ManySmallChordsAtOnceSurviveAStorageOutageExactly()
    {
        // The same load with Azurite stopped for seconds while the chords run (the other tests of the collection
        // share this Azurite, so it is started again in any case).
        const int chords = 120;
        const int n = 10;
        var probe = new TestProbe();
        var ids = Enumerable.Range(0, chords).Select(i => ChordWaits.NewId($"many-outage-{i}")).ToArray();
        await using var cluster = await StartClusterAsync(2, probe);
        await SubmitHalfAsNewAsync(cluster, ids, ProbeChord(n, 30));
        var atStop = await UntilAsync(cluster, ids, snapshots => snapshots.Count(s => s.IsFinal) >= chords / 5);
        await fixture.Azurite.StopAsync();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(4));
        }
        finally
        {
            await fixture.Azurite.StartAgainAsync();
        }

        var finals = new List<ChordProgress>();
        foreach (var id in ids)
        {
            finals.Add(await cluster.Client.GetGrain<IChordGrain>(id).FinalAsync(Generous));
        }

        Assert.True(atStop.Any(s => !s.IsFinal && s.Tasks.Running + s.Tasks.Queued > 0), "nothing was running when storage stopped");
        AssertEveryChordExact(ids, finals, n, probe);
    }

    /// <summary>
    /// Half the chords as the HTTP API submits one without an id (their state and their units' taken as new, not
    /// read), half under ids their callers chose.
    /// </summary>
    private static Task SubmitHalfAsNewAsync(Orleans.TestingHost.InProcessTestCluster cluster, string[] ids, ChordSpec spec) =>
        Task.WhenAll(ids.Select((id, i) => i % 2 == 0
            ? cluster.Client.GetGrain<IChordGrain>(id).SubmitNewAsync(spec)
            : cluster.Client.GetGrain<IChordGrain>(id).SubmitAsync(spec)));

    /// <summary>
    /// Every chord succeeded with exact counts and sum; its body ran at least once and never without its attempt
    /// recorded (a kill between the record and the run leaves an attempt that never ran).
    /// </summary>
    private static void AssertEveryChordExact(string[] ids, List<ChordProgress> finals, int n, TestProbe probe)
    {
        for (var i = 0; i < ids.Length; i++)
        {
            Assert.Equal(ChordStatus.Succeeded, finals[i].Status);
            Assert.Equal(new TaskCounts(n, 0, 0, n, 0, 0), finals[i].Tasks);
            Assert.Equal(ExpectedSum(n), finals[i].Body.Result);
            Assert.InRange(probe.BodyInvocations(ids[i]), 1, finals[i].Body.Attempts);
        }
    }

    /// <summary>Snapshots of all <paramref name="ids"/> once <paramref name="done"/> holds for them.</summary>
    private static async Task<ChordProgress[]> UntilAsync(Orleans.TestingHost.InProcessTestCluster cluster, string[] ids, Func<ChordProgress[], bool> done)
    {
        using var cts = new CancellationTokenSource(Generous);
        while (true)
        {
            ChordProgress[] snapshots;
            try
            {
                snapshots = await Task.WhenAll(ids.Select(async id => (await cluster.Client.GetGrain<IChordGrain>(id).GetProgressAsync())!));
            }
            catch (Exception exception) when (exception is OrleansException or TimeoutException)
            {
                // A chord on a silo that was just killed cannot answer until the silo is declared dead: read again.
                await Task.Delay(200, cts.Token);
                continue;
            }

            if (done(snapshots))
            {
                return snapshots;
            }

            await Task.Delay(20, cts.Token);
        }
    }

    /// <summary>The snapshot, or null when the chord cannot be read (its activation needs storage to come back).</summary>
    private static async Task<ChordProgress?> ProgressOrNullAsync(IChordGrain chord)
    {
        try
        {
            return await chord.GetProgressAsync();
        }
        catch (OrleansException)
        {
            return null;
        }
    }

    /// <summary>The fault hit a running chord: some tasks done, some not, and work in flight.</summary>
    private static void AssertHitMidRun(ChordProgress atFault, int n)
    {
        Assert.InRange(atFault.Tasks.Completed, 1, n - 1);
        Assert.True(atFault.Tasks.Running > 0, $"no work was in flight when the fault hit: {atFault.Tasks}");
    }
}
