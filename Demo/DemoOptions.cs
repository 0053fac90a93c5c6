namespace Chord.Demo;

/// <summary>Whether the silo host registers the demo handler pack, bound from <c>Chord:Demo</c>.</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Chord:Demo";

    /// <summary>Register <c>sleep</c>, <c>cpu</c>, <c>fail</c>, <c>render-tile</c> and <c>stitch-poster</c>. Default true.</summary>
    public bool Enabled { get; set; } = true;
}
