namespace Chord.Grains.Tasks;

/// <summary>A unit's completion as reported to its chord: counts, the first failure if any, and every task's record.</summary>
[GenerateSerializer, Immutable, Alias("chord.UnitReport")]
internal sealed record UnitReport(int UnitIndex, int Succeeded, int Failed, int Cancelled, TaskFailure? FirstFailure, TaskRecord[] Records);
