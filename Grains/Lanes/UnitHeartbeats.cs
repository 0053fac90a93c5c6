namespace Chord.Grains.Lanes;

/// <summary>
/// The latest heartbeat of each task of a unit that sent one: the small JSON value its handler last reported and
/// when. Written by handlers (on whatever thread they run), read by the unit for listings and next attempts, and by
/// the lane's watchdog for <c>heartbeatTimeoutMs</c>; so it is guarded by a lock. Tasks that never beat cost nothing.
/// </summary>
internal sealed class UnitHeartbeats(TimeProvider time)
{
    private readonly Lock _gate = new();
    private Dictionary<int, (string Value, DateTimeOffset At)>? _latest;

    /// <summary>The latest value (JSON text) of task <paramref name="index"/> and when it came; nulls before the first.</summary>
    public (string? Value, DateTimeOffset? At) Latest(int index)
    {
        lock (_gate)
        {
            return _latest is not null && _latest.TryGetValue(index, out var beat) ? (beat.Value, beat.At) : (null, null);
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

    /// <summary>Records a heartbeat of task <paramref name="index"/> now.</summary>
    public void Beat(int index, string json) => Seed(index, json, time.GetUtcNow());

    /// <summary>Records a heartbeat that came earlier (one recorded by an earlier run of the unit).</summary>
    public void Seed(int index, string json, DateTimeOffset at)
    {
        lock (_gate)
        {
            (_latest ??= [])[index] = (json, at);
        }
    }
}
