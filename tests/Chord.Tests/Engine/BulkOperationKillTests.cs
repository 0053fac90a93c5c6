using Chord.Tests.Infrastructure;

namespace Chord.Tests.Engine;

/// <summary>
/// A bulk redrive over 50 chords whose silo is killed between its batches still redrives each chord exactly once:
/// the list of operations resumes it on another silo from its last recorded batch, and the chords of the batch it
/// repeats answer that they were already redriven. Storage outlives the silo (<see cref="ProcessWideGrainStorage"/>).
/// </summary>
public sealed class BulkOperationKillTests
{
    [Fact]
    public async Task ARedriveWhoseSiloIsKilledMidRunRedrivesEachChordExactlyOnce()
    {
        const int n = 50;
        var probe = new TestProbe();
        await using var cluster = await ChordTestCluster.StartAsync(3, probe, processWideStorage: true, engine: o => o.OperationRate = 20);
        var ids = await BulkOperationWaits.FailedChordsAsync(cluster.Client, n, labels: null);
        var (operation, host) = await BulkOperationWaits.ActivatedAwayFromFirstSiloAsync(cluster);

        await operation.StartAsync(new BulkOperationSpec { Action = BulkAction.Redrive, Ids = [.. ids] });
        var atKill = await BulkOperationWaits.UntilAsync(operation, p => p.Done >= 25);
        await cluster.KillSiloAsync(host);
        var final = await BulkOperationWaits.UntilAsync(operation, p => p.IsFinal, TimeSpan.FromSeconds(90));

        Assert.Equal(BulkOperationStatus.Running, atKill.Status); // the kill hit the operation mid-run
        Assert.InRange(atKill.Done, 25, n - 1);
        Assert.Equal((n, n, 0, 0), (final.Matched, final.Done, final.Skipped, final.Failed));
        foreach (var id in ids)
        {
            var chord = await cluster.Client.GetGrain<IChordGrain>(id).FinalAsync(TimeSpan.FromSeconds(60));
            Assert.Equal((ChordStatus.Succeeded, 1), (chord.Status, chord.Redrives));
        }
    }
}
