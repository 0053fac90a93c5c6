namespace Chord;

/// <summary>
/// Where a task is, as the task listing shows it. Pending: not yet held by a silo (after a redrive: waiting to run
/// again). Queued: its silo holds it until a permit is free. Running: its handler began (it may be retrying) and its
/// outcome is not recorded yet. The others are final, as recorded.
/// </summary>
public enum TaskPhase
{
    Pending,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    Queued,
}
