namespace Chord.Demo.Posters;

/// <summary>What <c>render-tile</c> reports by heartbeat: rows of its tile rendered so far, of all.</summary>
public sealed record TileProgress(int Rows, int Of);
