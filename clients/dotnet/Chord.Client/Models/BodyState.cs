namespace Chord.Client;

/// <summary>The body's state, in Celery's vocabulary.</summary>
public enum BodyState
{
    /// <summary>Not started: tasks are still running (or the chord ended before the body could run).</summary>
    Pending,

    /// <summary>An attempt is running.</summary>
    Started,

    /// <summary>An attempt failed and another one will run.</summary>
    Retry,

    /// <summary>Failed for good.</summary>
    Failure,

    /// <summary>Succeeded; the result is in <see cref="BodySnapshot.Result"/>.</summary>
    Success,
}
