namespace Chord.Client;

/// <summary>Where a task is, as the task listing shows it.</summary>
public enum TaskState
{
    /// <summary>Not yet held by a silo (after a redrive: waiting to run again).</summary>
    Pending,

    /// <summary>Its handler began (it may be retrying); its outcome is not recorded yet.</summary>
    Running,

    /// <summary>Succeeded; its result is recorded.</summary>
    Succeeded,

    /// <summary>Failed for good.</summary>
    Failed,

    /// <summary>Cancelled before it finished.</summary>
    Cancelled,

    /// <summary>Its silo holds it until a permit of its lane is free.</summary>
    Queued,
}
