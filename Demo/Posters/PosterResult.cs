namespace Chord.Demo.Posters;

/// <summary>What <c>stitch-poster</c> returns: where the poster is and its size.</summary>
public sealed record PosterResult(string Key, string Url, int Width, int Height, int Tiles);
