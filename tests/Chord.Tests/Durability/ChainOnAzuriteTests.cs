using Chord.Tests.Infrastructure;

namespace Chord.Tests.Durability;

/// <summary>
/// A chain of three on Azurite over a whole restart between its links: the cluster stops while the middle link runs;
/// a new cluster resumes it, and it submits the last link, each link running once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ChainOnAzuriteTests(AzuriteFixture fixture)
{
    [Fact]
    public async Task AChainGoesOnAfterTheWholeClusterStopsBetweenItsLinks()
    {
        const int n = 30;
        var probe = new TestProbe();
        var id = ChordWaits.NewId("chain-restart");
        var next = $"{id}.then";
        ChordProgress atStop;
        await using (var first = await StartAsync(probe))
        {
            await first.Client.GetGrain<IChordGrain>(id).SubmitAsync(new ChordSpec
            {
                Map = new MapSpec { Handler = "fail", Count = 3, Args = """{"times":0}""" },
                Body = new TaskSpec("collect"),
                Then = new ChordSpec
                {
                    Map = new MapSpec { Handler = "probe", Count = n, Args = """{"ms":200}""" },
                    Body = new TaskSpec("record-sum"),
                    Then = new ChordSpec { Tasks = [new TaskSpec("noop")], Body = new TaskSpec("count") },
                },
            });
            var middle = first.Client.GetGrain<IChordGrain>(next);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            ChordProgress? seen;
            do
            {
                await Task.Delay(20);
                seen = await middle.GetProgressAsync();
            }
            while ((seen is null || seen.Tasks.Completed < n / 4) && DateTime.UtcNow < deadline);

            atStop = seen!;
            await first.StopAllSilosAsync();
        }

        await using var second = await StartAsync(probe);
        var middleDone = await second.Client.GetGrain<IChordGrain>(next).FinalAsync(TimeSpan.FromSeconds(120));
        var last = await second.Client.GetGrain<IChordGrain>($"{next}.then").SubmittedThenFinalAsync(TimeSpan.FromSeconds(120));

        Assert.InRange(atStop.Tasks.Completed, n / 4, n - 1);
        Assert.Equal((ChordStatus.Succeeded, n), (middleDone.Status, middleDone.Tasks.Succeeded));
        Assert.Equal(((long)n * (n - 1) / 2).ToString(), middleDone.Body.Result);
        Assert.Equal(1, probe.BodyInvocations(next));
        Assert.Equal((ChordStatus.Succeeded, next, "1"), (last.Status, last.Previous, last.Body.Result));
    }

    private Task<Orleans.TestingHost.InProcessTestCluster> StartAsync(TestProbe probe) =>
        ChordTestCluster.StartAsync(2, probe, azureStorage: fixture.Azurite.ConnectionString);
}
