namespace Chord.Client;

/// <summary>Options of a running chord to change (<c>PATCH /chords/{id}/options</c>); null leaves one as it is.</summary>
public sealed record OptionsChange(int? MaxConcurrency = null, ChordPriority? Priority = null);
