namespace Chord;

/// <summary>
/// One handler over many inputs, so a large chord is not a large message: either over <see cref="Count"/>
/// indexes 0..Count-1 (each task gets <see cref="Args"/> and its index) or over <see cref="Items"/> (each item is
/// one task's arguments). Exactly one of the two is set.
/// </summary>
[GenerateSerializer, Immutable, Alias("chord.MapSpec")]
public sealed record MapSpec
{
    [Id(0)] public required string Handler { get; init; }

    [Id(1)] public int? Count { get; init; }

    /// <summary>One task per item; each item is raw JSON text.</summary>
    [Id(2)] public string[]? Items { get; init; }

    /// <summary>Arguments shared by every task of a <see cref="Count"/> map, as raw JSON text.</summary>
    [Id(3)] public string? Args { get; init; }

    /// <summary>
    /// In a <see cref="ChordSpec.Then"/> only, instead of <see cref="Count"/> or <see cref="Items"/>: the field of the
    /// previous chord's body result (a JSON object) whose array gives the items, e.g. <c>files</c>, or a dotted path
    /// (<c>output.files</c>); <c>$</c> when the result is the array itself.
    /// </summary>
    [Id(4)] public string? ItemsFrom { get; init; }
}
