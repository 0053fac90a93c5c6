namespace Chord;

/// <summary>Where a handler runs.</summary>
public enum TaskLane
{
    /// <summary>Inline in the task grain, unthrottled: for quick work.</summary>
    Light,

    /// <summary>Through the per-silo throttle: at most K at once per silo.</summary>
    Heavy,
}
