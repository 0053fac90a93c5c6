namespace Chord.Client;

/// <summary>
/// The chords a bulk operation acts on: <see cref="Ids"/>, or those <see cref="Filter"/> selects among the chords
/// created before the operation starts. <see cref="Id"/> names the operation (generated when left out), so a start
/// that is sent again finds the operation the first one started.
/// </summary>
public sealed record OperationSelection
{
    public string? Id { get; init; }

    public IReadOnlyList<string>? Ids { get; init; }

    public ChordQuery? Filter { get; init; }

    public static OperationSelection OfIds(params IEnumerable<string> ids) => new() { Ids = [.. ids] };

    public static OperationSelection Matching(ChordQuery filter) => new() { Filter = filter ?? throw new ArgumentNullException(nameof(filter)) };
}
