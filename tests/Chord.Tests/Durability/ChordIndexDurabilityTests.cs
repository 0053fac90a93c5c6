using Chord.Tests.Infrastructure;

namespace Chord.Tests.Durability;

/// <summary>The index of recent chords is stored: a new cluster lists every chord with its final status.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ChordIndexDurabilityTests(AzuriteFixture fixture)
{
    [Fact]
    public async Task ANewClusterListsEveryChordWithItsFinalStatus()
    {
        var ids = Enumerable.Range(0, 4).Select(_ => ChordWaits.NewId("indexed")).ToList();
        await using (var first = await ChordTestCluster.StartAsync(1, new TestProbe(), azureStorage: fixture.Azurite.ConnectionString))
        {
            // Submitted at once, so several index changes meet while a write is under way (group commit).
            var chords = ids.Select(id => first.Client.GetGrain<IChordGrain>(id)).ToList();
            await Task.WhenAll(chords.Select(c => c.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "noop", Count = 5 }, Body = new TaskSpec("count") })));
            foreach (var chord in chords)
            {
                await chord.FinalAsync(TimeSpan.FromSeconds(60));
            }

            // Status updates are sent after each commit; give the last ones a moment to be written.
            var index = first.Client.GetGrain<IChordIndexGrain>(0);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while ((await index.ListAsync(ChordStatus.Succeeded, 1_000)).Count(e => ids.Contains(e.Id)) < ids.Count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }

        await using var second = await ChordTestCluster.StartAsync(1, new TestProbe(), azureStorage: fixture.Azurite.ConnectionString);
        var listed = await second.Client.GetGrain<IChordIndexGrain>(0).ListAsync(null, 1_000);

        var mine = listed.Where(e => ids.Contains(e.Id)).ToList();
        Assert.Equal(ids.Order(), mine.Select(e => e.Id).Order());
        Assert.All(mine, e => Assert.Equal(ChordStatus.Succeeded, e.Status));
        Assert.Equal(listed.Select(e => e.CreatedAt).OrderDescending(), listed.Select(e => e.CreatedAt));
    }

    [Fact]
    public async Task LabelsAndHandlersAreSearchableAfterTheWholeClusterRestarts()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var ids = Enumerable.Range(0, 6).Select(_ => ChordWaits.NewId("labelled")).ToList();
        await using (var first = await ChordTestCluster.StartAsync(1, new TestProbe(), azureStorage: fixture.Azurite.ConnectionString))
        {
            var chords = ids.Select(id => first.Client.GetGrain<IChordGrain>(id)).ToList();
            for (var i = 0; i < chords.Count; i++)
            {
                await chords[i].SubmitAsync(new ChordSpec
                {
                    Map = new MapSpec { Handler = i % 2 == 0 ? "noop" : "probe-light", Count = 2 },
                    Body = new TaskSpec("count"),
                    Labels = new() { ["run"] = run, ["parity"] = i % 2 == 0 ? "even" : "odd" },
                });
            }

            var failing = first.Client.GetGrain<IChordGrain>(ChordWaits.NewId("failing"));
            await failing.SubmitAsync(new ChordSpec
            {
                Map = new MapSpec { Handler = "fail", Count = 13, Args = """{"times":-1}""" },
                Body = new TaskSpec("count"),
                Options = new ChordOptions { MaxAttempts = 1, ToleratedFailures = 100 },
                Labels = new() { ["run"] = run, ["parity"] = "none" },
            });
            foreach (var chord in chords.Append(failing))
            {
                await chord.FinalAsync(TimeSpan.FromSeconds(60));
            }

            var index = first.Client.GetGrain<IChordIndexGrain>(0);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while ((await index.SearchAsync(new ChordIndexQuery { Status = ChordStatus.Succeeded, Labels = new() { ["run"] = run } }, 100, null)).Length < ids.Count + 1 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }

        await using var second = await ChordTestCluster.StartAsync(1, new TestProbe(), azureStorage: fixture.Azurite.ConnectionString);
        var search = second.Client.GetGrain<IChordIndexGrain>(0);
        var odd = await search.SearchAsync(new ChordIndexQuery { Labels = new() { ["run"] = run, ["parity"] = "odd" } }, 100, null);
        var probes = await search.SearchAsync(new ChordIndexQuery { Handler = "probe-light", Labels = new() { ["run"] = run } }, 100, null);
        var snapshot = await second.Client.GetGrain<IChordGrain>(ids[1]).GetProgressAsync();
        var failures = await search.FailuresAsync(new FailureQuery { Labels = new() { ["run"] = run } });

        Assert.Equal([ids[5], ids[3], ids[1]], odd.Select(e => e.Id)); // read back from the table, newest first
        Assert.Equal(odd.Select(e => e.Id), probes.Select(e => e.Id));
        Assert.Equal("odd", snapshot!.Labels!["parity"]);
        var group = Assert.Single(failures); // read back from the table's Failures column
        Assert.Equal(("fail", "InvalidOperationException", 13L, 1), (group.Handler, group.ErrorType, group.Count, group.Chords));
    }
}
