namespace Chord.Grains.Chords;

/// <summary>
/// When the chord last sent or heard from each unit in flight and from its body. A unit or body silent for
/// <c>silence</c> may have lost its silo, so the probe sends it again. Memory only: after a restart everything
/// counts as silent, which is what a new activation wants anyway.
/// </summary>
internal sealed class ContactLog(TimeProvider time, TimeSpan silence)
{
    private readonly Dictionary<int, DateTimeOffset> _units = [];
    private DateTimeOffset _body;

    public void Unit(int unit) => _units[unit] = time.GetUtcNow();

    /// <summary>The unit reported: nothing more is expected from it.</summary>
    public void Forget(int unit) => _units.Remove(unit);

    public void Body() => _body = time.GetUtcNow();

    public bool IsUnitSilent(int unit) => _units.GetValueOrDefault(unit) <= time.GetUtcNow() - silence;

    public bool IsBodySilent => _body <= time.GetUtcNow() - silence;

    /// <summary>Units being watched (at most the dispatch window).</summary>
    public int Count => _units.Count;
}
