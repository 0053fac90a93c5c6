using System.Collections.Concurrent;
using Chord.Grains.Tasks;
using Chord.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Chord.Tests.Engine;

/// <summary>
/// What a finished chord leaves behind goes on schedule: its task records after <c>ResultRetention</c>, everything
/// else after <c>ChordRetention</c>, on the engine's clock (a fake one here, moved by the test); a purge stopped by
/// failures or a restart goes on from its recorded cursor, and the chord's reminder goes with it.
/// </summary>
public sealed class RetentionTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("memory")]
    [InlineData("azurite")]
    public async Task RecordsGoAfterTheResultRetentionAndTheChordAfterItsOwn(string storage)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var azurite = await TestStorage.StartAsync(storage);
        await using var cluster = await ChordTestCluster.StartAsync(1, new TestProbe(), azureStorage: azurite?.ConnectionString, clock: clock, engine: o =>
        {
            o.ResultRetention = TimeSpan.FromMinutes(10);
            o.ChordRetention = TimeSpan.FromDays(7);
        });
        var id = ChordWaits.NewId("retention");
        var chord = cluster.Client.GetGrain<IChordGrain>(id);
        await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "noop", Count = 300 }, Body = new TaskSpec("sum") });
        var final = await chord.FinalAsync(Generous);

        var kept = await chord.ListTasksAsync(new TaskQuery(null, 0, 10));
        clock.Advance(TimeSpan.FromMinutes(9));
        await Task.Delay(TimeSpan.FromSeconds(2)); // two probe intervals: nothing is due yet
        var stillKept = await chord.ListTasksAsync(new TaskQuery(null, 0, 10));
        clock.Advance(TimeSpan.FromMinutes(2));
        var purged = await UntilAsync(() => chord.ListTasksAsync(new TaskQuery(null, 0, 10)), page => page!.Purged);
        var readable = await UntilAsync(chord.GetProgressAsync, progress => progress!.Version > final.Version); // the purge is recorded
        clock.Advance(TimeSpan.FromDays(7));
        await UntilAsync(chord.GetProgressAsync, progress => progress is null);

        Assert.Equal(10, kept!.Items.Length);
        Assert.Equal(10, stillKept!.Items.Length);
        Assert.Empty(purged!.Items);
        Assert.Equal(final.Version + 1, readable!.Version); // one recorded change: the purge; the chord is still there
        Assert.Null(await chord.ListTasksAsync(new TaskQuery(null, 0, 10)));
        Assert.DoesNotContain(id, (await cluster.Client.GetGrain<IChordIndexGrain>(0).ListAsync(null, 1_000)).Select(e => e.Id));
        Assert.Empty(await cluster.Client.GetGrain<ITaskGrain>(UnitKey.Of(id, 0)).ReadRecordsAsync(0, int.MaxValue));
        Assert.Empty(await RemindersOfAsync(cluster, chord)); // the index shard wakes chords: none has a reminder

        // The id is free again: the same spec makes a new chord.
        var again = await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "noop", Count = 300 }, Body = new TaskSpec("sum") });
        Assert.True(again.Created);
        Assert.Equal(final.Body.Result, (await chord.FinalAsync(Generous)).Body.Result);
    }

    [Fact]
    public async Task PurgesAndDeletionsTakeTurnsInTheSilosHousekeepingLane()
    {
        // Three chords of 40 one-task units finish together and are due at once: with one housekeeping job at a
        // time, their purge batches and deletions take turns, and everything still goes.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = await ChordTestCluster.StartAsync(1, new TestProbe(), clock: clock, engine: o =>
        {
            o.LightUnitSize = 1;
            o.ResultRetention = TimeSpan.FromMinutes(10);
            o.ChordRetention = TimeSpan.FromDays(1);
            o.HousekeepingConcurrency = 1;
            o.HousekeepingRate = 30; // 135 operations in all: seconds of purging, so the three overlap
        });
        var lane = cluster.Silos[0].ServiceProvider.GetRequiredService<Chord.Grains.Lanes.HousekeepingLane>();
        var chords = Enumerable.Range(0, 3).Select(i => cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId($"housekeeping-{i}"))).ToArray();
        foreach (var chord in chords)
        {
            await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "noop", Count = 40 }, Body = new TaskSpec("sum") });
        }

        var finals = new List<ChordProgress>();
        foreach (var chord in chords)
        {
            finals.Add(await chord.FinalAsync(Generous));
        }

        var before = lane.Operations;
        clock.Advance(TimeSpan.FromMinutes(11));
        for (var i = 0; i < chords.Length; i++)
        {
            // The purge's end is recorded: one more version.
            await UntilAsync(chords[i].GetProgressAsync, progress => progress!.Version > finals[i].Version);
        }

        var purging = lane.Operations - before;
        clock.Advance(TimeSpan.FromDays(1));
        foreach (var chord in chords)
        {
            await UntilAsync(chord.GetProgressAsync, progress => progress is null);
        }

        Assert.InRange(purging, 3 * 40, (3 * 40) + 3); // every unit's purge went through the lane (and maybe a wake-up of each chord by its shard)
        Assert.True(lane.MostWaiting > 0, "no purge ever waited for another's turn");
        Assert.Equal(1, lane.MostRunning);
        Assert.True(lane.Operations - before >= (3 * 40) + (3 * 4), "the deletions did not go through the lane");
    }

    [Fact]
    public async Task APurgeStoppedByFailuresAndARestartGoesOnFromItsCursorAndEndsWithTheReminder()
    {
        // One task per unit: 600 units purged 16 at a time, a cursor recorded every 256. Clearing units 304 and up (a
        // batch's first unit) fails at first.
        const int n = 600;
        var store = new ConcurrentDictionary<string, (object State, string ETag)>();
        var faults = new StorageFaults();
        var id = ChordWaits.NewId("purge-resumes");
        faults.FailClears = key => key.StartsWith($"unit/task/{id}/", StringComparison.Ordinal) && int.Parse(key[(key.LastIndexOf('/') + 1)..]) >= 304;
        void Engine(Chord.Grains.ChordEngineOptions o)
        {
            o.LightUnitSize = 1;
            o.ResultRetention = TimeSpan.Zero;
            o.ChordRetention = TimeSpan.Zero;
        }

        await using (var first = await ChordTestCluster.StartAsync(1, new TestProbe(), engine: Engine, faults: faults, store: store))
        {
            var chord = first.Client.GetGrain<IChordGrain>(id);
            await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "noop", Count = n }, Body = new TaskSpec("sum") });
            await chord.FinalAsync(Generous);
            await UntilAsync(() => Task.FromResult(faults.FailedWrites), failed => failed >= 3); // the purge is stuck, retrying
            await first.StopAllSilosAsync();
        }

        var clearedBeforeRestart = UnitClears(faults, id);
        faults.FailClears = null;
        await using var second = await ChordTestCluster.StartAsync(1, new TestProbe(), engine: Engine, faults: faults, store: store);
        var resumed = second.Client.GetGrain<IChordGrain>(id);
        // Nothing reads the chord: its index shard, loaded from the store, wakes it and the purge goes on.
        await UntilAsync(() => Task.FromResult(store.Keys.Any(key => key.Contains(id, StringComparison.Ordinal))), left => !left);
        var clears = UnitClears(faults, id);

        Assert.Equal(Enumerable.Range(0, 304), clearedBeforeRestart.Keys.Order());
        Assert.Equal(Enumerable.Range(0, n), clears.Keys.Order());
        Assert.All(Enumerable.Range(0, 256), unit => Assert.Equal(1, clears[unit])); // below the cursor: not purged again
        Assert.All(Enumerable.Range(256, 48), unit => Assert.Equal(2, clears[unit])); // past it: purged again after the restart
        Assert.All(Enumerable.Range(304, n - 304), unit => Assert.Equal(1, clears[unit]));
        Assert.Null(await resumed.GetProgressAsync());
        Assert.DoesNotContain(id, (await second.Client.GetGrain<IChordIndexGrain>(0).ListAsync(null, 1_000)).Select(e => e.Id)); // its row went last
    }

    private static Dictionary<int, int> UnitClears(StorageFaults faults, string id) =>
        faults.Clears.Where(c => c.Key.StartsWith($"unit/task/{id}/", StringComparison.Ordinal))
            .ToDictionary(c => int.Parse(c.Key[(c.Key.LastIndexOf('/') + 1)..]), c => c.Value);

    private static async Task<IEnumerable<ReminderEntry>> RemindersOfAsync(InProcessTestCluster cluster, IChordGrain chord)
    {
        var table = cluster.Silos[0].ServiceProvider.GetRequiredService<IReminderTable>();
        return (await table.ReadRows(chord.GetGrainId())).Reminders;
    }

    /// <summary>Asks <paramref name="read"/> every 50 ms until <paramref name="done"/> holds (at most a minute).</summary>
    private static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + Generous;
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"still {value} after {Generous}");
            await Task.Delay(50);
        }
    }
}
