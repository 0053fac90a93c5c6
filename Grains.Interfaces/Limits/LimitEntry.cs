namespace Chord;

/// <summary>
/// The limits in effect on one key or handler, and whether they come from a runtime override (<c>PUT /v1/limits/…</c>)
/// rather than the silos' configuration (<c>Chord:Limits</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("chord.LimitEntry")]
public sealed record LimitEntry(
    [property: Id(0)] LimitKind Kind,
    [property: Id(1)] string Name,
    [property: Id(2)] LimitSettings Settings,
    [property: Id(3)] bool Overridden);
