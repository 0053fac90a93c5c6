using Chord.Grains.Tasks;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Durability;

/// <summary>
/// Results at any scale on a real Azurite: combiners agree with streaming bodies, the result-size limit holds, and a
/// unit stored in pages of blobs is read back, page by page, by a new cluster.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ResultsOnAzuriteTests(AzuriteFixture fixture)
{
    private const int MaxResultBytes = 16 * 1024;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(120);

    private Task<Orleans.TestingHost.InProcessTestCluster> StartClusterAsync(TestProbe probe) =>
        ChordTestCluster.StartAsync(2, probe, azureStorage: fixture.Azurite.ConnectionString, engine: o => o.MaxResultBytes = MaxResultBytes);

    [Fact]
    public async Task CombinersAgreeWithAStreamingBodyAndAResultOverTheLimitFailsItsTask()
    {
        var probe = new TestProbe();
        await using var cluster = await StartClusterAsync(probe);
        var random = new Random(7);
        string[] items = [.. Enumerable.Range(0, 1_500).Select(_ => random.Next(-1_000_000, 1_000_000).ToString())];
        var combined = cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("az-combined"));
        var streamedId = ChordWaits.NewId("az-streamed");
        var tooLarge = cluster.Client.GetGrain<IChordGrain>(ChordWaits.NewId("az-too-large"));

        await combined.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "noop", Items = items }, Body = new TaskSpec("sum") });
        await cluster.Client.GetGrain<IChordGrain>(streamedId).SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "noop", Items = items }, Body = new TaskSpec("record-sum") });
        await tooLarge.SubmitAsync(new ChordSpec { Tasks = [new("noop", "1"), new("noop", $"\"{new string('x', MaxResultBytes)}\"")], Body = new TaskSpec("sum") });
        var sum = await combined.FinalAsync(Generous);
        var streamed = await cluster.Client.GetGrain<IChordGrain>(streamedId).FinalAsync(Generous);
        var failed = await tooLarge.FinalAsync(Generous);
        var listed = await tooLarge.ListTasksAsync(new TaskQuery(TaskPhase.Failed, 0, 10));

        Assert.Equal(items.Sum(long.Parse).ToString(), streamed.Body.Result);
        Assert.Equal(streamed.Body.Result, sum.Body.Result);
        Assert.Equal(Enumerable.Range(0, items.Length), Assert.Single(probe.BodyReads(streamedId)));
        Assert.Equal(ChordStatus.Failed, failed.Status);
        Assert.Equal(("ResultTooLarge", 1), (Assert.Single(failed.Failures).Error.Type, failed.Failures[0].Error.Attempts));
        Assert.Equal("ResultTooLarge", Assert.Single(listed!.Items).Error!.Type);
    }

    [Fact]
    public async Task AUnitStoredInPagesIsReadBackByANewCluster()
    {
        // 500 results of ~12 KB in one unit: several pages, each its own blob.
        const int n = 500;
        var items = Enumerable.Range(0, n).Select(i => $"\"{i}:{new string('b', 12_000)}\"").ToArray();
        var id = ChordWaits.NewId("az-paged");
        await using (var first = await StartClusterAsync(new TestProbe()))
        {
            var chord = first.Client.GetGrain<IChordGrain>(id);
            await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "noop", Items = items }, Body = new TaskSpec("digest") });
            Assert.Equal(ChordStatus.Succeeded, (await chord.FinalAsync(Generous)).Status);
        }

        await using var second = await StartClusterAsync(new TestProbe());
        var unit = second.Client.GetGrain<ITaskGrain>(UnitKey.Of(id, 0));
        var pages = new List<TaskRecord[]>();
        for (var skip = 0; skip < n; skip += pages[^1].Length)
        {
            pages.Add(await unit.ReadRecordsAsync(skip, UnitPages.MaxBytes));
            Assert.NotEmpty(pages[^1]);
        }

        // A listing reads at most its budget of records a call; it says where to go on.
        var listed = new List<TaskEntry>();
        for (int? offset = 0; offset is { } from;)
        {
            var page = await second.Client.GetGrain<IChordGrain>(id).ListTasksAsync(new TaskQuery(null, from, 500));
            listed.AddRange(page!.Items);
            offset = page.Next;
        }

        Assert.True(pages.Count > 1, $"the unit was stored in {pages.Count} page(s)");
        Assert.Equal(items, pages.SelectMany(page => page).Select(record => record.Result));
        Assert.Equal(items, listed.Select(item => item.Result));
    }
}
