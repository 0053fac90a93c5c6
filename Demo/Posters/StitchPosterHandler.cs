using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Chord.Demo.Posters;

/// <summary>
/// <c>stitch-poster</c> (body): streams the tiles' places, then draws them one at a time into one PNG and returns its key and URL path
/// (<c>/posters/{key}</c> on Client.Api).
/// </summary>
public sealed class StitchPosterHandler(IPosterStore store) : IBodyHandler
{
    public async ValueTask<object?> RunAsync(BodyContext context, CancellationToken cancellationToken)
    {
        // The tile list is small (where each tile goes); the pixels are read one tile at a time below.
        var tiles = new List<TileResult>();
        await foreach (var result in context.Results.WithCancellation(cancellationToken))
        {
            tiles.Add(HandlerJson.Deserialize<TileResult?>(result.Value, null)
                ?? throw new InvalidOperationException($"Task {result.Index} did not return a tile."));
        }

        if (tiles.Count == 0)
        {
            throw new InvalidOperationException("There are no tiles to stitch.");
        }

        var width = tiles.Max(t => t.X + t.Width);
        var height = tiles.Max(t => t.Y + t.Height);
        using var poster = new Image<Rgba32>(width, height);
        foreach (var tile in tiles)
        {
            var bytes = await store.ReadAsync(tile.Key, cancellationToken)
                ?? throw new InvalidOperationException($"Tile {tile.Tile} is missing from the poster store.");
            using var image = Image.Load<Rgba32>(bytes);
            poster.Mutate(p => p.DrawImage(image, new Point(tile.X, tile.Y), 1f));
        }

        using var png = new MemoryStream();
        await poster.SaveAsPngAsync(png, cancellationToken);
        var key = $"{context.ChordId}/poster.png";
        await store.WriteAsync(key, png.ToArray(), cancellationToken);
        return new PosterResult(key, $"/posters/{key}", width, height, tiles.Count);
    }
}
