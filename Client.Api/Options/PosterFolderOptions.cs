namespace Chord.Api.Options;

/// <summary>Where the silos' poster demo writes its images, bound from <c>Chord:Posters</c> (same key as the silo).</summary>
public sealed class PosterFolderOptions
{
    public const string SectionName = "Chord:Posters";

    /// <summary>Used with localhost clustering. Default: <c>chord-posters</c> in the system's temp folder, as on the silo.</summary>
    public string Directory { get; set; } = Path.Combine(Path.GetTempPath(), "chord-posters");
}
