namespace Chord.Grains.Lanes;

/// <summary>
/// The latest heartbeat of each task of a unit that sent one: the small JSON value its handler last reported, when,
/// and from which attempt. Written by handlers (on whatever thread they run), read by the unit for listings and next
/// attempts, and by the lane's watchdog for <c>heartbeatTimeoutMs</c>; so it is guarded by a lock. Once an attempt
/// started, beats of earlier ones (an abandoned handler still running) are dropped. Tasks that never beat cost nothing.
/// </summary>
internal sealed class UnitHeartbeats(TimeProvider time)
{
    private readonly Lock _gate = new();
    private Dictionary<int, Heartbeat>? _latest;
    private Dictionary<int, int>? _attempts;

    /// <summary>The latest value (JSON text) of task <paramref name="index"/> and when it came; nulls before the first.</summary>
    public (string? Value, DateTimeOffset? At) Latest(int index)
    {
        lock (_gate)
        {
            return _latest is not null && _latest.TryGetValue(index, out var beat) ? (beat.Value, beat.At) : (null, null);
        }
    }

    /// <summary>When attempt <paramref name="attempt"/> of task <paramref name="index"/> last beat; null before its first beat.</summary>
    public DateTimeOffset? LastBeatOf(int index, int attempt)
    {
        lock (_gate)
        {
            return _latest is not null && _latest.TryGetValue(index, out var beat) && beat.Attempt == attempt ? beat.At : null;
        }
    }

    /// <summary>Every task's latest heartbeat.</summary>
    public (int Index, string Value, DateTimeOffset At)[] All()
    {
        lock (_gate)
        {
            return _latest is null ? [] : [.. _latest.Select(beat => (beat.Key, beat.Value.Value, beat.Value.At))];
        }
    }

    /// <summary>Attempt <paramref name="attempt"/> of task <paramref name="index"/> starts: beats of earlier attempts are dropped from now on.</summary>
    public void Begin(int index, int attempt)
    {
        lock (_gate)
        {
            (_attempts ??= [])[index] = attempt;
        }
    }

    /// <summary>Records a heartbeat of attempt <paramref name="attempt"/> of task <paramref name="index"/> now.</summary>
    public void Beat(int index, int attempt, string json)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_attempts is not null && _attempts.TryGetValue(index, out var current) && attempt < current)
            {
                return; // an abandoned attempt still running
            }

            (_latest ??= [])[index] = new Heartbeat(json, now, attempt);
        }
    }

    /// <summary>Records a heartbeat that came earlier (one recorded by an earlier run of the unit).</summary>
    public void Seed(int index, string json, DateTimeOffset at)
    {
        lock (_gate)
        {
            (_latest ??= [])[index] = new Heartbeat(json, at, 0);
        }
    }

    private readonly record struct Heartbeat(string Value, DateTimeOffset At, int Attempt);
}
