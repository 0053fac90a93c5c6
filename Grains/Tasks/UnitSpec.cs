namespace Chord.Grains.Tasks;

/// <summary>
/// The work of one task grain: a contiguous slice of a chord's tasks. Heavy tasks travel few per unit so they
/// spread over the silos; light ones travel many per unit so activation cost does not dominate.
/// <paramref name="Combiner"/> names the chord's body when it is a combiner: the unit then reports its partial.
/// <paramref name="Retry"/> is how its tasks are retried (null from a chord of an earlier release:
/// <paramref name="MaxAttempts"/> and the defaults). <paramref name="TaskTimeout"/> bounds each attempt once it runs,
/// <paramref name="HeartbeatTimeout"/> the silence of its handler; <paramref name="Priority"/> places its heavy tasks
/// in the lane. <paramref name="Generation"/> is the chord's redrive count: a unit recorded by an earlier one runs its
/// failed and cancelled tasks again. <paramref name="TraceParent"/> is the chord's span (see <c>ChordTracing</c>).
/// <paramref name="New"/>: the chord was created under a fresh id in the activation that sends this, and never sent
/// the unit before, so the unit holds no state: it skips reading it (its first write is an insert, refused if a state
/// exists after all). <paramref name="Key"/> is the chord's key: its heavy tasks take their turns in the lane under it, within the key's
/// limits and the chord's own <paramref name="KeyLimit"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("chord.UnitSpec")]
internal sealed record UnitSpec(string ChordId, int UnitIndex, TaskItem[] Tasks, int MaxAttempts, string? Combiner = null, RetryPolicy? Retry = null, TimeSpan? TaskTimeout = null, ChordPriority Priority = ChordPriority.Normal, int Generation = 0, TimeSpan? HeartbeatTimeout = null, string? TraceParent = null, bool New = false, string? Key = null, int? KeyLimit = null);
