using System.Diagnostics;
using Chord.Grains.Lanes;
using Chord.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Chord.Tests.Durability;

/// <summary>
/// A restart with a backlog of finished chords due for purge and deletion: their durable reminders wake them all
/// at once, the silo's housekeeping lane works through them at its pace, every one of them goes, and chords
/// submitted meanwhile run exactly (their latencies are printed; speed is measured by the benchmark, not asserted).
/// </summary>
/// <remarks>
/// Its own Azurite: its short retention would otherwise make every chord the collection's other tests left due too.
/// </remarks>
public sealed class DeletionBacklogRestartTests(ITestOutputHelper output)
{
    private const int Backlog = 150;
    private const int TasksPerChord = 10;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task ARestartWithABacklogOfDueChordsDeletesThemAllWhileNewChordsRun()
    {
        // Retention shorter than Orleans' shortest reminder (1 minute): each old chord's wake-up is due a minute
        // after it finished, when the second cluster runs, with its purge and deletion both overdue by then.
        static void Engine(Chord.Grains.ChordEngineOptions o)
        {
            o.ResultRetention = TimeSpan.FromSeconds(15);
            o.ChordRetention = TimeSpan.FromSeconds(15);
            o.HousekeepingConcurrency = 1;
            o.HousekeepingRate = 60; // 150 purges and deletions of 6 operations each: seconds of backlog
        }

        await using var azurite = await Chord.Testing.Azurite.StartAsync();
        var old = Enumerable.Range(0, Backlog).Select(i => ChordWaits.NewId($"backlog-{i}")).ToArray();
        await using (var first = await ChordTestCluster.StartAsync(1, new TestProbe(), azureStorage: azurite.ConnectionString, engine: Engine))
        {
            await Task.WhenAll(old.Select(id => first.Client.GetGrain<IChordGrain>(id).SubmitAsync(SmallChord())));
            foreach (var id in old)
            {
                await first.Client.GetGrain<IChordGrain>(id).FinalAsync(Generous);
            }

            // The index lists them all (its writes follow the chords' commits), so their leaving it below means something.
            var listing = first.Client.GetGrain<IChordIndexGrain>(0);
            using var indexed = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while ((await listing.ListAsync(null, 1_000)).Count(e => old.Contains(e.Id)) < Backlog)
            {
                await Task.Delay(50, indexed.Token);
            }

            await first.StopAllSilosAsync();
        }

        await using var second = await ChordTestCluster.StartAsync(1, new TestProbe(), azureStorage: azurite.ConnectionString, engine: Engine);
        var lane = second.Silos[0].ServiceProvider.GetRequiredService<HousekeepingLane>();
        var index = second.Client.GetGrain<IChordIndexGrain>(0);
        var duringBacklog = new List<(string Id, double Ms)>();
        var idle = new List<double>();
        using var deadline = new CancellationTokenSource(Generous);
        while (true)
        {
            var listed = (await index.ListAsync(null, 1_000)).Select(e => e.Id).ToHashSet();
            if (!old.Any(listed.Contains))
            {
                break;
            }

            // A new chord, one at a time, noting whether the lane had housekeeping queued or running meanwhile.
            var busyBefore = lane.Waiting + lane.Running > 0;
            var id = ChordWaits.NewId("beside-backlog");
            var chord = second.Client.GetGrain<IChordGrain>(id);
            var clock = Stopwatch.StartNew();
            await chord.SubmitAsync(SmallChord());
            var final = await chord.FinalAsync(TimeSpan.FromSeconds(30));
            var ms = clock.Elapsed.TotalMilliseconds;
            Assert.Equal(ChordStatus.Succeeded, final.Status);
            Assert.Equal(new TaskCounts(TasksPerChord, 0, 0, TasksPerChord, 0, 0), final.Tasks);
            Assert.Equal("45", final.Body.Result);
            if (busyBefore || lane.Waiting + lane.Running > 0)
            {
                duringBacklog.Add((id, ms));
            }
            else
            {
                idle.Add(ms);
            }

            await Task.Delay(400, deadline.Token); // the new chords are due for deletion too, after the same retention
        }

        foreach (var id in old)
        {
            Assert.Null(await UntilGoneAsync(second.Client.GetGrain<IChordGrain>(id)));
        }

        output.WriteLine($"housekeeping: {lane.Operations} operations, at most {lane.MostWaiting} waiting and {lane.MostRunning} running");
        output.WriteLine($"new chords beside the backlog: {duringBacklog.Count}, ms p50 {Percentile(duringBacklog.Select(d => d.Ms), 0.5):F0}, max {duringBacklog.Select(d => d.Ms).DefaultIfEmpty().Max():F0}");
        output.WriteLine($"new chords with the lane idle: {idle.Count}, ms p50 {Percentile(idle, 0.5):F0}");
        Assert.True(lane.MostWaiting > 1, $"the due chords never queued in the housekeeping lane (at most {lane.MostWaiting} waited)");
        Assert.Equal(1, lane.MostRunning);
        Assert.True(lane.Operations >= Backlog * 5, $"only {lane.Operations} housekeeping operations for {Backlog} deletions");
        Assert.True(duringBacklog.Count > 0, "no new chord ran while the backlog was being worked through");
    }

    private static ChordSpec SmallChord() =>
        new() { Map = new MapSpec { Handler = "noop", Count = TasksPerChord }, Body = new TaskSpec("sum") };

    private static async Task<ChordProgress?> UntilGoneAsync(IChordGrain chord)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await chord.GetProgressAsync() is { } progress)
        {
            if (cts.IsCancellationRequested)
            {
                return progress;
            }

            await Task.Delay(100);
        }

        return null;
    }

    private static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(p * sorted.Length))];
    }
}
