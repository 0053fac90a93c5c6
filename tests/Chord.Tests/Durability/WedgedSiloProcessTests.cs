using Chord.Tests.Infrastructure;

namespace Chord.Tests.Durability;

/// <summary>
/// The real thing: a Silo process on Azurite whose heavy permits are all held by handlers that timed out and ignore
/// their token recycles itself once it is wedged: it stops on its own and exits with code 3, for its supervisor to
/// start it again. (Its graceful stop cannot end by itself, since the worker grains running the hung handlers never
/// deactivate: it exits once the host's shutdown timeout, 30 s, and a margin have passed.)
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class WedgedSiloProcessTests(AzuriteFixture fixture)
{
    [Fact]
    public async Task AWedgedSiloProcessStopsItselfAndExitsWithCode3()
    {
        var cluster = $"wedged-{Guid.NewGuid():N}"[..20];
        using var silo = SiloProcess.Start(cluster, fixture.Azurite.ConnectionString, "--Chord:Engine:WedgedAfter=00:00:02");
        await silo.WaitHealthyAsync(TimeSpan.FromSeconds(90));
        using var client = await ProcessClusterClient.StartAsync(cluster, fixture.Azurite.ConnectionString);
        var chord = client.Grains().GetGrain<IChordGrain>(ChordWaits.NewId("wedged-process"));

        // Two 10-minute sleeps that ignore their token take both permits (K = 2) and are abandoned at 300 ms.
        await chord.SubmitAsync(new ChordSpec
        {
            Map = new MapSpec { Handler = "sleep", Count = 2, Args = """{"ms":600000,"ignoreCancellation":true}""" },
            Body = new TaskSpec("count"),
            Options = new ChordOptions { TaskTimeoutMs = 300, MaxAttempts = 1 },
        });
        var final = await chord.FinalAsync(TimeSpan.FromSeconds(30));
        var exited = await silo.WaitForExitAsync(TimeSpan.FromSeconds(90));
        await client.StopAsync();

        Assert.Equal(ChordStatus.Failed, final.Status); // the chord did not wait for its hung handlers
        Assert.Equal("Timeout", final.Failures[0].Error.Type);
        Assert.True(exited == 3, $"it exited with {exited}, not 3 (-1: not at all). The silo's last output:\n{silo.RecentOutput}"); // it stopped itself (a kill would not say 3), not 0: its supervisor restarts it
    }
}
