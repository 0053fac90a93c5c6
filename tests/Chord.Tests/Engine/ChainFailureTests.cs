using Chord.Grains.Chords;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Engine;

/// <summary>
/// A chain of three under faults: the first link's record of its next chord fails to write at the worst moment (the
/// next chord already submitted), so it submits again and finds the same chord; then a silo running the middle link's
/// tasks is killed. Each link runs once, exactly, and the last one completes.
/// </summary>
public sealed class ChainFailureTests
{
    [Fact]
    public async Task AChainSubmitsEachLinkOnceThroughALostRecordAndASiloKill()
    {
        const int n = 40;
        var probe = new TestProbe();
        var faults = new StorageFaults();
        var id = ChordWaits.NewId("chain-kill");
        var next = $"{id}.then";
        var failedRecord = 0;
        faults.FailWritesOf = (key, state) => key.EndsWith("/" + id, StringComparison.Ordinal) && state is ChordState { Next: not null }
            && Interlocked.Exchange(ref failedRecord, 1) == 0; // the first write of "next", after the next chord was submitted
        await using var cluster = await ChordTestCluster.StartAsync(3, probe, faults: faults);
        var first = cluster.Client.GetGrain<IChordGrain>(id);
        await first.SubmitAsync(new ChordSpec
        {
            Map = new MapSpec { Handler = "probe", Count = 4, Args = """{"ms":20}""" },
            Body = new TaskSpec("record-sum"),
            Then = new ChordSpec
            {
                Map = new MapSpec { Handler = "probe", Count = n, Args = """{"ms":200}""" },
                Body = new TaskSpec("record-sum"),
                Then = new ChordSpec { Tasks = [new TaskSpec("noop")], Body = new TaskSpec("count") },
            },
        });

        // The first link's record failed, so its activation went: a read brings it back, and it submits again.
        var middle = cluster.Client.GetGrain<IChordGrain>(next);
        ChordProgress firstDone;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            await Task.Delay(20);
            firstDone = (await first.GetProgressAsync())!;
        }
        while (firstDone.Next is null && DateTime.UtcNow < deadline);

        var candidates = cluster.Silos.Skip(1).ToList();
        ChordProgress? atKill;
        Orleans.TestingHost.InProcessSiloHandle? victim;
        do
        {
            await Task.Delay(10);
            atKill = await middle.GetProgressAsync();
            victim = candidates.FirstOrDefault(s => probe.RunningPerSilo.GetValueOrDefault(s.SiloAddress.ToString()) > 0);
        }
        while ((atKill is null || atKill.Tasks.Completed < n / 4 || victim is null) && DateTime.UtcNow < deadline);

        Assert.NotNull(victim);
        Assert.NotNull(atKill);
        await cluster.KillSiloAsync(victim);
        var last = await cluster.Client.GetGrain<IChordGrain>($"{next}.then").SubmittedThenFinalAsync(TimeSpan.FromSeconds(120));
        var middleDone = await middle.FinalAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, failedRecord); // the fault hit the record of the next chord
        Assert.Equal(next, firstDone.Next);
        Assert.InRange(atKill.Tasks.Completed, n / 4, n - 1); // the kill hit the middle link mid-run
        Assert.Equal((ChordStatus.Succeeded, id, $"{next}.then"), (middleDone.Status, middleDone.Previous, middleDone.Next));
        Assert.Equal(new TaskCounts(n, 0, 0, n, 0, 0), middleDone.Tasks);
        Assert.Equal(1, probe.BodyInvocations(next));
        Assert.Equal(1, probe.BodyInvocations(id));
        Assert.Equal((ChordStatus.Succeeded, next, "1"), (last.Status, last.Previous, last.Body.Result));
    }
}
