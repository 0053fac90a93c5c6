namespace Chord.Client;

/// <summary>A chord's own state, as the API reports it.</summary>
public enum ChordState
{
    /// <summary>Accepted, no task dispatched yet.</summary>
    Pending,

    /// <summary>Tasks are being dispatched and completed.</summary>
    Running,

    /// <summary>Every task succeeded; the body is running.</summary>
    Completing,

    /// <summary>The body succeeded; its result is in the snapshot.</summary>
    Succeeded,

    /// <summary>A task (past the chord's tolerance) or the body failed.</summary>
    Failed,

    /// <summary>Cancel was requested; running tasks are being stopped.</summary>
    Cancelling,

    /// <summary>Cancelled before the body ran.</summary>
    Cancelled,
}
