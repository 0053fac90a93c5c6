using System.Text.Json;
using Azure.Storage.Blobs;
using Chord.Api.Posters;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Durability;

/// <summary>With Azure Storage, posters go to a blob container that the API reads: no shared folder needed.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobPosterTests(AzuriteFixture fixture)
{
    [Fact]
    public async Task APosterStitchedBySilosIsReadByTheApiFromBlobStorage()
    {
        await using var cluster = await ChordTestCluster.StartAsync(2, new TestProbe(), azureStorage: fixture.Azurite.ConnectionString);
        var id = ChordWaits.NewId("blob-poster");
        const string args = """{"width":40,"height":40,"columns":2,"rows":2}""";
        var chord = cluster.Client.GetGrain<IChordGrain>(id);
        await chord.SubmitAsync(new ChordSpec { Map = new MapSpec { Handler = "render-tile", Count = 4, Args = args }, Body = new TaskSpec("stitch-poster", args) });
        var final = await chord.FinalAsync(TimeSpan.FromSeconds(120));

        Assert.Equal(ChordStatus.Succeeded, final.Status);
        var key = JsonDocument.Parse(final.Body.Result!).RootElement.GetProperty("key").GetString()!;
        var source = new BlobPosterSource(new BlobServiceClient(fixture.Azurite.ConnectionString).GetBlobContainerClient(BlobPosterSource.ContainerName));
        await using var poster = await source.OpenAsync(key, CancellationToken.None);
        Assert.NotNull(poster);
        using var bytes = new MemoryStream();
        await poster.CopyToAsync(bytes);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], bytes.ToArray()[..4]);
        Assert.Null(await source.OpenAsync($"{id}/missing.png", CancellationToken.None));
        Assert.False(Directory.Exists(Path.Combine(Path.GetTempPath(), "chord-posters", id)), "the poster went to the local folder");
    }
}
