namespace Chord.Demo.Posters;

/// <summary>What <c>render-tile</c> returns: where its tile goes on the poster, its store key and its URL path on Client.Api.</summary>
public sealed record TileResult(int Tile, int X, int Y, int Width, int Height, string Key, string? Url = null);
