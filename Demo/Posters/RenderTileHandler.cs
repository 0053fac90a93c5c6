using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Chord.Demo.Posters;

/// <summary>
/// <c>render-tile</c> (heavy): renders one tile of a Mandelbrot poster, the RAM- and CPU-heavy kind of work the
/// throttle exists for, stores it as PNG and returns where it is. Arguments: <see cref="PosterArgs"/>. Reports the
/// rows it has rendered by heartbeat (<see cref="TileProgress"/>), about every tenth of the tile.
/// </summary>
public sealed class RenderTileHandler(IPosterStore store) : ITaskHandler
{
    public async ValueTask<object?> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var poster = context.ArgsAs(new PosterArgs());
        if (poster.Problem() is { } problem)
        {
            throw new ArgumentException(problem);
        }

        if (context.Index >= poster.TileCount)
        {
            throw new ArgumentException($"Tile {context.Index} is outside a {poster.Columns}×{poster.Rows} poster.");
        }

        var (x, y, width, height) = poster.TileBounds(context.Index);
        using var tile = new Image<Rgba32>(width, height);
        var reportEvery = Math.Max(1, height / 10);
        for (var row = 0; row < height; row++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (row % reportEvery == 0)
            {
                context.Heartbeat(new TileProgress(row, height));
            }

            for (var column = 0; column < width; column++)
            {
                tile[column, row] = Colour(Escape(poster, x + column, y + row), poster.MaxIterations);
            }
        }

        using var png = new MemoryStream();
        await tile.SaveAsPngAsync(png, cancellationToken);
        var key = $"{context.ChordId}/tile-{context.Index}.png";
        await store.WriteAsync(key, png.ToArray(), cancellationToken);
        return new TileResult(context.Index, x, y, width, height, key, $"/posters/{key}");
    }

    private static int Escape(PosterArgs poster, int px, int py)
    {
        // The classic view of the set: real -2.5..1, imaginary -1.25..1.25, stretched to the poster.
        var cr = -2.5 + (3.5 * px / poster.Width);
        var ci = -1.25 + (2.5 * py / poster.Height);
        double zr = 0, zi = 0;
        var n = 0;
        while (n < poster.MaxIterations && (zr * zr) + (zi * zi) <= 4)
        {
            (zr, zi) = ((zr * zr) - (zi * zi) + cr, (2 * zr * zi) + ci);
            n++;
        }

        return n;
    }

    private static Rgba32 Colour(int n, int max)
    {
        if (n >= max)
        {
            return new Rgba32(10, 10, 30);
        }

        var t = (double)n / max;
        return new Rgba32((byte)(9 * (1 - t) * t * t * t * 255), (byte)(15 * (1 - t) * (1 - t) * t * t * 255), (byte)(8.5 * (1 - t) * (1 - t) * (1 - t) * t * 255));
    }
}
