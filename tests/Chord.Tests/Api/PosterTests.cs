using System.Net;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Api;

/// <summary>The poster demo end to end over HTTP: the tiles and the poster are served at the URLs the results name.</summary>
[Collection(ApiCollection.Name)]
public sealed class PosterTests(ApiFixture fixture)
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47];

    [Fact]
    public async Task ThePosterAndItsTilesAreServedAtTheUrlsTheResultsName()
    {
        var id = await fixture.Http.SubmitAsync("""
            {"map":{"handler":"render-tile","count":4,"args":{"width":64,"height":48,"columns":2,"rows":2}},
             "body":{"handler":"stitch-poster","args":{"width":64,"height":48,"columns":2,"rows":2}}}
            """);
        await fixture.Grains.GetGrain<IChordGrain>(id).FinalAsync(TimeSpan.FromSeconds(60));

        var chord = await fixture.Http.GetJsonAsync($"/chords/{id}");
        var result = chord.GetProperty("body").GetProperty("result");
        Assert.Equal(64, result.GetProperty("width").GetInt32());
        Assert.Equal(48, result.GetProperty("height").GetInt32());
        var poster = await fixture.Http.GetByteArrayAsync(result.GetProperty("url").GetString());
        Assert.Equal(PngSignature, poster[..4]);

        var tiles = await fixture.Http.GetJsonAsync($"/chords/{id}/tasks?state=succeeded");
        Assert.Equal(4, tiles.GetProperty("items").GetArrayLength());
        foreach (var tile in tiles.GetProperty("items").EnumerateArray())
        {
            using var image = await fixture.Http.GetAsync(tile.GetProperty("result").GetProperty("url").GetString());
            Assert.Equal(HttpStatusCode.OK, image.StatusCode);
            Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
        }

        using var missing = await fixture.Http.GetAsync($"/posters/{id}/nothing.png");
        using var escape = await fixture.Http.GetAsync($"/posters/{id}/..%2F..%2Fx.png");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, escape.StatusCode);
    }
}
