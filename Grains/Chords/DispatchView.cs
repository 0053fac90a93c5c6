namespace Chord.Grains.Chords;

/// <summary>
/// Where a chord's dispatch stood at its last recorded change: what the task listing needs, taken when the
/// snapshot is published, so a listing never shows a change that is not written yet.
/// </summary>
/// <param name="Total">Tasks in the chord.</param>
/// <param name="UnitSize">Tasks per unit.</param>
/// <param name="NextUnit">The first unit never sent.</param>
/// <param name="InFlight">Units sent and not yet reported.</param>
/// <param name="Settled">True once every task is final (never-sent units then count as cancelled).</param>
/// <param name="UnitsWithRecords">
/// Units below this may hold records. Above <paramref name="NextUnit"/> (after a redrive) they hold an earlier
/// drive's: its succeeded tasks still count, the others wait to run again (or count as cancelled once settled).
/// </param>
internal sealed record DispatchView(int Total, int UnitSize, int NextUnit, IReadOnlySet<int> InFlight, bool Settled, int UnitsWithRecords)
{
    public static DispatchView Of(ChordState state) =>
        new(state.Total, state.UnitSize, state.NextUnit, new HashSet<int>(state.InFlight), state.TasksFinishedAt is not null, state.UnitsWithRecords);
}
