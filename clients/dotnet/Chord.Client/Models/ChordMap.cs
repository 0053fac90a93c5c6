namespace Chord.Client;

/// <summary>
/// One handler over many inputs: <see cref="Count"/> tasks that get their index (and the shared <see cref="Args"/>),
/// or one task per element of <see cref="Items"/>. Set one of the two; in a <see cref="ChordRequest.Then"/>,
/// <see cref="ItemsFrom"/> instead names the field of the previous chord's body result whose array gives the items.
/// </summary>
public sealed record ChordMap(string Handler, int? Count = null, IReadOnlyList<object?>? Items = null, object? Args = null, string? ItemsFrom = null);
