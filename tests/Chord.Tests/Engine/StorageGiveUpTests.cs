using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Chord.Testing;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Engine;

/// <summary>
/// A unit whose writes keep failing on its silo gives its run back after <c>StorageGiveUpAfter</c> instead of holding
/// its work until storage answers, and its silo reports itself failing, so placement sends new units elsewhere.
/// </summary>
public sealed class StorageGiveUpTests
{
    [Fact]
    public async Task AUnitThatCannotWriteGivesItsRunBackAndItsSiloReportsStorageFailing()
    {
        var id = ChordWaits.NewId("storage-give-up");
        var unitKey = $"unit/task/{id}/0";
        var failing = 1;
        var faults = new StorageFaults { FailWrites = key => key == unitKey && Volatile.Read(ref failing) == 1 };
        var probe = new TestProbe();
        var logs = new CapturedLogs();
        await using var cluster = await ChordTestCluster.StartAsync(2, probe, faults: faults, engine: o => o.StorageGiveUpAfter = TimeSpan.FromSeconds(2), silo: s => s.Services.AddSingleton<ILoggerProvider>(logs));
        var chord = cluster.Client.GetGrain<IChordGrain>(id);

        // Unit 0's writes fail (its mark before its handler starts, so it never starts); unit 1 runs as usual.
        await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "probe", Count = 2, Args = """{"ms":50}""" }, Body = new TaskSpec("record-sum"), Options = new ChordOptions { MaxAttempts = 1 } });
        var sawFailing = false;
        for (var deadline = DateTime.UtcNow.AddSeconds(20); !sawFailing && DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            sawFailing = (await cluster.Client.GetGrain<IClusterViewGrain>(0).GetAsync()).Any(view => view.Load.StorageFailing);
        }

        for (var deadline = DateTime.UtcNow.AddSeconds(20); !GaveUp(logs, id) && DateTime.UtcNow < deadline; await Task.Delay(100))
        {
        }

        var whileFailing = (await chord.GetProgressAsync())!;
        var failedWrites = faults.FailedWrites;
        Volatile.Write(ref failing, 0);
        var final = await chord.FinalAsync(TimeSpan.FromSeconds(60));

        Assert.True(sawFailing, "no silo reported its storage failing");
        Assert.True(GaveUp(logs, id), "the unit did not give its run back");
        Assert.True(failedWrites > 0);
        Assert.Equal(1, whileFailing.Tasks.Succeeded); // unit 1 was not held back
        Assert.Equal(ChordStatus.Succeeded, final.Status);
        Assert.Equal(new TaskCounts(2, 0, 0, 2, 0, 0), final.Tasks); // the give-ups cost no attempt: nothing was marked
        Assert.Equal(1, probe.TimesDone(id, 0));
    }

    [Fact]
    public async Task AUnitWhoseWritesHangGivesItsRunBackWithoutWaitingForThemToFail()
    {
        // A silo cut off from storage sees no failure: each write waits out the storage client's network timeout and
        // retries (minutes in all). The unit must give its run back after StorageGiveUpAfter all the same.
        var id = ChordWaits.NewId("storage-hang");
        var unitKey = $"unit/task/{id}/0";
        var hanging = 1;
        var faults = new StorageFaults { DelayWrites = key => key == unitKey && Volatile.Read(ref hanging) == 1 ? TimeSpan.FromSeconds(60) : TimeSpan.Zero };
        var probe = new TestProbe();
        var logs = new CapturedLogs();
        await using var cluster = await ChordTestCluster.StartAsync(2, probe, faults: faults, engine: o => o.StorageGiveUpAfter = TimeSpan.FromSeconds(2), silo: s => s.Services.AddSingleton<ILoggerProvider>(logs));
        var chord = cluster.Client.GetGrain<IChordGrain>(id);

        await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "probe", Count = 2, Args = """{"ms":50}""" }, Body = new TaskSpec("record-sum"), Options = new ChordOptions { MaxAttempts = 1 } });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var deadline = DateTime.UtcNow.AddSeconds(30); !GaveUp(logs, id) && DateTime.UtcNow < deadline; await Task.Delay(100))
        {
        }

        var gaveUpAfter = clock.Elapsed;
        var whileHanging = (await chord.GetProgressAsync())!;
        Volatile.Write(ref hanging, 0);
        var final = await chord.FinalAsync(TimeSpan.FromSeconds(60));

        Assert.True(GaveUp(logs, id), "the unit did not give its run back while its write hung");
        Assert.True(gaveUpAfter < TimeSpan.FromSeconds(30), $"the unit gave up only after {gaveUpAfter}, when its hung write would have ended");
        Assert.False(whileHanging.IsFinal);
        Assert.Equal(ChordStatus.Succeeded, final.Status);
        Assert.Equal(new TaskCounts(2, 0, 0, 2, 0, 0), final.Tasks);
        Assert.Equal(1, probe.TimesDone(id, 0));
    }

    private static bool GaveUp(CapturedLogs logs, string id) =>
        logs.Entries.Any(e => e.Message.Contains($"{id}/0", StringComparison.Ordinal) && e.Message.Contains("given back", StringComparison.Ordinal));
}
