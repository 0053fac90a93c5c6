using System.ComponentModel;
namespace Chord.Api.Contracts;

/// <summary>The body of <c>PATCH /chords/{id}/options</c>: options of a running chord to change.</summary>
public sealed record OptionsUpdateRequest(
    [property: Description("Most of the chord's tasks running at once in the cluster, from the next task sent on.")] int? MaxConcurrency,
    [property: Description("Which chords' heavy tasks a silo serves first: high, normal or low.")] ChordPriority? Priority = null)
{
    public ChordOptionsUpdate ToUpdate() => new() { MaxConcurrency = MaxConcurrency, Priority = Priority };
}
