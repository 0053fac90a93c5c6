namespace Chord.Demo.Posters;

/// <summary>Poster demo settings, bound from <c>Chord:Posters</c>.</summary>
public sealed class PosterOptions
{
    public const string SectionName = "Chord:Posters";

    /// <summary>The folder for tiles and posters. Default: <c>chord-posters</c> in the system's temp folder.</summary>
    public string Directory { get; set; } = Path.Combine(Path.GetTempPath(), "chord-posters");
}
