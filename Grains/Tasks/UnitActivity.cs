namespace Chord.Grains.Tasks;

/// <summary>
/// How many of a running unit's tasks wait for a permit (<paramref name="Queued"/>) and how many have begun their
/// handler (<paramref name="Running"/>) in its run for redrive <paramref name="Generation"/>. Sent one-way when
/// that changes, so the chord's counts tell queued work from running work; one that is lost only leaves the counts
/// a step behind until the next one or the unit's report. <paramref name="HeldBy"/> names the cluster-wide limit
/// (<c>key:{key}</c> or <c>handler:{handler}</c>) that holds its queued tasks back on its silo, if one does.
/// </summary>
[GenerateSerializer, Immutable, Alias("chord.UnitActivity")]
internal sealed record UnitActivity(int UnitIndex, int Generation, int Queued, int Running, string? HeldBy = null);
