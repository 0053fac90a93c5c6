using System.Diagnostics;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Durability;

/// <summary>
/// The real thing: two Silo processes (the deployed host) on a real Azurite; one gets SIGTERM while it runs a
/// chord's heavy tasks. It exits cleanly, and the chord ends with every task succeeded once in its counts (one
/// attempt allowed: a run counted as lost would fail its task <c>WorkerLost</c>) and one body run.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SigtermTests(AzuriteFixture fixture)
{
    [Fact]
    public async Task ASiloProcessStoppedWithSigtermMidChordLosesNothingAndCountsNothingTwice()
    {
        const int n = 200;
        var cluster = $"sigterm-{Guid.NewGuid():N}"[..20];
        var silos = new[] { StartSilo(cluster), StartSilo(cluster) };
        try
        {
            foreach (var silo in silos)
            {
                await silo.WaitHealthyAsync(TimeSpan.FromSeconds(90));
            }

            using var client = await ProcessClusterClient.StartAsync(cluster, fixture.Azurite.ConnectionString);
            var grains = client.Grains();
            var id = ChordWaits.NewId("sigterm");
            var chord = grains.GetGrain<IChordGrain>(id);
            await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "sleep", Count = n, Args = """{"ms":100}""" }, Body = new TaskSpec("count"), Options = new ChordOptions { MaxAttempts = 1 } });

            // Stop the second silo while it runs handlers (its lanes' load, as it reports it to the cluster view).
            SiloView? victimView = null;
            ChordProgress atStop;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            do
            {
                await Task.Delay(100);
                victimView = (await grains.GetGrain<IClusterViewGrain>(0).GetAsync()).FirstOrDefault(v => v.Load.DashboardUrl == silos[1].Url);
                atStop = (await chord.GetProgressAsync())!;
            }
            while ((victimView is not { Load.Running: > 0 } || atStop.Tasks.Completed < 10) && DateTime.UtcNow < deadline);

            silos[1].Terminate();
            var exited = await silos[1].WaitForExitAsync(TimeSpan.FromSeconds(60));
            var final = await chord.FinalAsync(TimeSpan.FromSeconds(120));
            await client.StopAsync();

            Assert.True(victimView is { Load.Running: > 0 }, "the stopped silo ran no handler when it got SIGTERM");
            Assert.InRange(atStop.Tasks.Completed, 1, n - 1);
            Assert.Equal(0, exited); // a clean exit, not a kill
            Assert.True(final.Status is ChordStatus.Succeeded, $"the chord ended {final.Status}; failures: {string.Join("; ", final.Failures.Select(f => $"task {f.Index}: {f.Error}"))}");
            Assert.Equal(new TaskCounts(n, 0, 0, n, 0, 0), final.Tasks);
            Assert.Equal(n.ToString(), final.Body.Result);
            Assert.Equal(1, final.Body.Attempts);
        }
        finally
        {
            foreach (var silo in silos)
            {
                silo.Dispose();
            }
        }
    }

    private SiloProcess StartSilo(string cluster) => SiloProcess.Start(cluster, fixture.Azurite.ConnectionString);
}
