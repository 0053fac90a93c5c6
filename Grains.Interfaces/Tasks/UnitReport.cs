namespace Chord;

/// <summary>A unit's completion as reported to its chord: counts, and the first failure if any.</summary>
[GenerateSerializer, Immutable, Alias("chord.UnitReport")]
public sealed record UnitReport(int UnitIndex, int Succeeded, int Failed, int Cancelled, TaskFailure? FirstFailure);
