namespace Chord;

/// <summary>The body's state, in the vocabulary of the original Celery progress view.</summary>
public enum BodyStatus
{
    /// <summary>Not started: tasks are still running (or the chord ended before the body could run).</summary>
    Pending,

    /// <summary>An attempt is running.</summary>
    Started,

    /// <summary>An attempt failed and another one will run.</summary>
    Retry,

    /// <summary>Failed for good (its own error, or the chord failed before it could run).</summary>
    Failure,

    /// <summary>Succeeded; the result is recorded.</summary>
    Success,
}
