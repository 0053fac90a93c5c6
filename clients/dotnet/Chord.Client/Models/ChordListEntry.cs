namespace Chord.Client;

/// <summary>A chord as the index lists it.</summary>
public sealed record ChordListEntry(string Id, DateTimeOffset CreatedAt, ChordState Status);
