namespace Chord.Api.Contracts;

/// <summary>The body of <c>PATCH /chords/{id}/options</c>: options of a running chord to change.</summary>
public sealed record OptionsUpdateRequest(int? MaxConcurrency, ChordPriority? Priority = null)
{
    public ChordOptionsUpdate ToUpdate() => new() { MaxConcurrency = MaxConcurrency, Priority = Priority };
}
