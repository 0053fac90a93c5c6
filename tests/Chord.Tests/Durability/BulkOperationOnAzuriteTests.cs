using Chord.Tests.Infrastructure;

namespace Chord.Tests.Durability;

/// <summary>
/// A bulk redrive by filter on Azurite, over 75 failed chords, is interrupted twice, by a kill of its silo and then by
/// a stop of the whole cluster: the list of operations resumes it each time from its last recorded batch (the
/// filter's cursor in the index), and every chord is redriven exactly once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BulkOperationOnAzuriteTests(AzuriteFixture fixture)
{
    [Fact]
    public async Task ARedriveByFilterSurvivesASiloKillAndAWholeRestartRedrivingEachChordOnce()
    {
        const int n = 75; // three batches: the kill hits the second, the restart the third
        var probe = new TestProbe();
        var run = Guid.NewGuid().ToString("N")[..8];
        var operationId = ChordWaits.NewId("op");
        List<string> ids;
        BulkOperationProgress atKill, atRestart;
        await using (var first = await StartAsync(probe))
        {
            ids = await BulkOperationWaits.FailedChordsAsync(first.Client, n, new Dictionary<string, string> { ["run"] = run });
            var (operation, host) = await BulkOperationWaits.ActivatedAwayFromFirstSiloAsync(first);
            operationId = operation.GetPrimaryKeyString();
            await operation.StartAsync(new BulkOperationSpec
            {
                Action = BulkAction.Redrive,
                Filter = new ChordIndexQuery { Status = ChordStatus.Failed, Labels = new() { ["run"] = run } },
            });
            atKill = await BulkOperationWaits.UntilAsync(operation, p => p.Done >= 25);
            await first.KillSiloAsync(host);
            atRestart = await BulkOperationWaits.UntilAsync(operation, p => p.Done >= 50, TimeSpan.FromSeconds(90));
            await first.StopAllSilosAsync();
        }

        await using var second = await StartAsync(probe);
        var resumed = second.Client.GetGrain<IBulkOperationGrain>(operationId);
        var final = await BulkOperationWaits.UntilAsync(resumed, p => p.IsFinal, TimeSpan.FromSeconds(90));

        Assert.Equal(BulkOperationStatus.Running, atKill.Status);
        Assert.InRange(atKill.Done, 25, n - 1);
        Assert.Equal(BulkOperationStatus.Running, atRestart.Status);
        Assert.InRange(atRestart.Done, 50, n - 1);
        Assert.Equal((n, n, 0, 0), (final.Matched, final.Done, final.Skipped, final.Failed));
        foreach (var id in ids)
        {
            var chord = await second.Client.GetGrain<IChordGrain>(id).FinalAsync(TimeSpan.FromSeconds(60));
            Assert.Equal((ChordStatus.Succeeded, 1), (chord.Status, chord.Redrives));
        }
    }

    private Task<Orleans.TestingHost.InProcessTestCluster> StartAsync(TestProbe probe) =>
        ChordTestCluster.StartAsync(2, probe, azureStorage: fixture.Azurite.ConnectionString, engine: o => o.OperationRate = 15);
}
