namespace Chord.Grains.Handlers.Poster;

/// <summary>What <c>render-tile</c> returns: where its tile is and where it goes on the poster.</summary>
public sealed record TileResult(int Tile, int X, int Y, int Width, int Height, string Key);
