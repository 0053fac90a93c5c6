namespace Chord.Demo.Posters;

/// <summary>
/// The poster: <see cref="Width"/> × <see cref="Height"/> pixels cut into <see cref="Columns"/> × <see cref="Rows"/>
/// tiles; task i renders tile (i % Columns, i / Columns).
/// </summary>
public sealed record PosterArgs(int Width = 512, int Height = 512, int Columns = 4, int Rows = 4, int MaxIterations = 200)
{
    public int TileCount => Columns * Rows;

    public (int X, int Y, int Width, int Height) TileBounds(int index)
    {
        var column = index % Columns;
        var row = index / Columns;
        var x = column * Width / Columns;
        var y = row * Height / Rows;
        return (x, y, ((column + 1) * Width / Columns) - x, ((row + 1) * Height / Rows) - y);
    }

    public string? Problem() => this switch
    {
        { Width: < 1 or > 8192 } => "width must be between 1 and 8192",
        { Height: < 1 or > 8192 } => "height must be between 1 and 8192",
        { Columns: < 1 } or { Rows: < 1 } => "columns and rows must be at least 1",
        _ when Columns > Width || Rows > Height => "there cannot be more tiles than pixels",
        { MaxIterations: < 1 or > 100_000 } => "maxIterations must be between 1 and 100000",
        _ => null,
    };
}
