using Chord.Grains.Tasks;

namespace Chord.Grains.Chords;

/// <summary>
/// What the chord's running units last said they hold (<see cref="UnitActivity"/>): how many of their tasks are
/// queued for a permit and how many running, summed as they change so a snapshot reads them in O(1). Memory only:
/// a new activation starts empty (its open tasks read as pending) until its units tell it again, which they do when
/// it re-sends them. Only units in flight in the recorded drive count.
/// </summary>
internal sealed class UnitActivityBoard
{
    private readonly Dictionary<int, UnitActivity> _units = [];
    private int _heldBy;

    /// <summary>Tasks the running units hold while they wait for a permit.</summary>
    public int Queued { get; private set; }

    /// <summary>Tasks whose handler began in the running units.</summary>
    public int Running { get; private set; }

    /// <summary>A cluster-wide limit that holds back the queued tasks of a running unit, if any does (the first unit's that said so).</summary>
    public string? HeldBy => _heldBy == 0 ? null : _units.Values.Select(u => u.HeldBy).FirstOrDefault(h => h is not null);

    /// <summary>Takes what a unit says it holds; true when the sums changed. Ignored unless the unit is in flight in <paramref name="recorded"/>'s drive.</summary>
    public bool Apply(UnitActivity activity, ChordState recorded)
    {
        if (!recorded.Exists || recorded.IsFinal || activity.Generation != recorded.Redrives || !recorded.InFlight.Contains(activity.UnitIndex))
        {
            return false;
        }

        var size = recorded.SizeOfUnit(activity.UnitIndex);
        var running = Math.Clamp(activity.Running, 0, size);
        var queued = Math.Clamp(activity.Queued, 0, size - running);
        var clamped = activity with { Running = running, Queued = queued, HeldBy = queued > 0 ? activity.HeldBy : null };
        if (_units.TryGetValue(activity.UnitIndex, out var before))
        {
            if (before == clamped)
            {
                return false;
            }

            Subtract(before);
        }

        _units[activity.UnitIndex] = clamped;
        Queued += clamped.Queued;
        Running += clamped.Running;
        _heldBy += clamped.HeldBy is null ? 0 : 1;
        return true;
    }

    /// <summary>Forgets the units that are no longer in flight in <paramref name="recorded"/> (they reported, or a redrive began).</summary>
    public void Follow(ChordState recorded)
    {
        if (_units.Count == 0)
        {
            return;
        }

        foreach (var (unit, activity) in _units.ToArray())
        {
            if (recorded.IsFinal || activity.Generation != recorded.Redrives || !recorded.InFlight.Contains(unit))
            {
                _units.Remove(unit);
                Subtract(activity);
            }
        }
    }

    /// <summary>Forgets every unit (a new activation, or the chord is gone).</summary>
    public void Clear()
    {
        _units.Clear();
        Queued = 0;
        Running = 0;
        _heldBy = 0;
    }

    private void Subtract(UnitActivity activity)
    {
        Queued -= activity.Queued;
        Running -= activity.Running;
        _heldBy -= activity.HeldBy is null ? 0 : 1;
    }
}
