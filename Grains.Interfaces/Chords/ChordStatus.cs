namespace Chord;

/// <summary>The chord's own state.</summary>
public enum ChordStatus
{
    /// <summary>Accepted, no task dispatched yet.</summary>
    Pending,

    /// <summary>Tasks are being dispatched and completed.</summary>
    Running,

    /// <summary>Every task succeeded; the body is running.</summary>
    Completing,

    /// <summary>The body succeeded; its result is in the snapshot.</summary>
    Succeeded,

    /// <summary>A task or the body failed.</summary>
    Failed,

    /// <summary>Cancel was requested; running tasks are being stopped.</summary>
    Cancelling,

    /// <summary>Cancelled before the body ran.</summary>
    Cancelled,
}
