using Chord.Grains.Tasks;

namespace Chord.Grains.Chords;

/// <summary>
/// What a chord's readers see, all in one place: the state as last written (<see cref="Recorded"/>; the probe works
/// from it too), the dispatch view listings page by, the snapshot (with what its running units say they hold), and
/// the signal watchers wait on. Only written states go in (<see cref="Publish"/>), so no reader sees progress a crash
/// could take back; <see cref="Reset"/> forgets all of it in one step (a submit not accepted, a chord deleted).
/// </summary>
internal sealed class ChordReadModel(string id)
{
    private readonly UnitActivityBoard _activity = new();
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>The state as last written; null before the first write and after a reset.</summary>
    public ChordState? Recorded { get; private set; }

    /// <summary>Where dispatch stood at the last written change, for listings.</summary>
    public DispatchView? Dispatch { get; private set; }

    /// <summary>The snapshot readers get (without its rate, which is computed per read).</summary>
    public ChordProgress? Snapshot { get; private set; }

    /// <summary>Completes at the next published version (or reset).</summary>
    public Task Changed => _changed.Task;

    /// <summary>Shows a written state to readers, and wakes watchers.</summary>
    public void Publish(ChordState written)
    {
        Recorded = written;
        Dispatch = DispatchView.Of(written);
        _activity.Follow(written);
        Snapshot = ChordSnapshots.Of(id, written, _activity.Queued, _activity.Running) with { HeldBy = _activity.HeldBy };
        Wake();
    }

    /// <summary>
    /// Takes what a running unit says it holds into the snapshot's queued and running counts. Not a new version:
    /// readers of the snapshot see it at once, watchers with the next version.
    /// </summary>
    public void Apply(UnitActivity activity)
    {
        if (Recorded is { } recorded && Snapshot is { } snapshot && _activity.Apply(activity, recorded))
        {
            Snapshot = snapshot with { Tasks = ChordSnapshots.CountsOf(recorded, _activity.Queued, _activity.Running), HeldBy = _activity.HeldBy };
        }
    }

    /// <summary>Forgets everything readers saw; watchers wake and find the chord gone.</summary>
    public void Reset()
    {
        Recorded = null;
        Dispatch = null;
        Snapshot = null;
        _activity.Clear();
        Wake();
    }

    private void Wake()
    {
        var changed = _changed;
        _changed = NewSignal();
        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
