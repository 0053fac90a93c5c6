namespace Chord;

/// <summary>
/// Where a task is, as the task listing shows it. Pending: not yet handed to a task grain. Running: its unit is in
/// flight (queued for a heavy permit, running, or retrying). The others are final, as recorded.
/// </summary>
public enum TaskPhase
{
    Pending,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}
