namespace Chord.Grains.Lanes;

/// <summary>
/// The skeleton a task unit and a body share for their work: one run at a time, started by a call that returns at
/// once; the user's cancel, per drive of the chord (a cancel of an earlier drive that arrives late neither cancels a
/// later run nor outlives its own); and the activation's stop, which ends retry loops without recording anything
/// (the chord sends the work again). Used on the grain's own turns only.
/// </summary>
internal sealed class BackgroundRun
{
    private CancellationTokenSource _cancel = new();
    private int _cancelledGeneration = -1;
    private int _generation = -1;

    /// <summary>Cancelled when the activation stops: retry loops end, nothing more is recorded.</summary>
    public CancellationTokenSource Stopping { get; } = new();

    /// <summary>The user's cancel of the current run (it reaches the handlers).</summary>
    public CancellationToken Cancellation => _cancel.Token;

    /// <summary>The run under way or last run; null before the first.</summary>
    public Task? Work { get; private set; }

    public bool IsRunning => Work is { IsCompleted: false };

    /// <summary>Starts <paramref name="work"/> for drive <paramref name="generation"/>; false (and nothing started) while a run is under way.</summary>
    public bool TryStart(int generation, Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (IsRunning)
        {
            return false;
        }

        if (_cancel.IsCancellationRequested && _cancelledGeneration < generation)
        {
            _cancel = new CancellationTokenSource(); // a cancel of an earlier drive: not this one's
        }

        _generation = generation;
        Work = work();
        return true;
    }

    /// <summary>Cancels the run of drive <paramref name="generation"/> and earlier ones; a run of a later drive is not touched.</summary>
    public void Cancel(int generation)
    {
        if (IsRunning && _generation > generation)
        {
            return; // a late cancel of an earlier drive
        }

        _cancelledGeneration = Math.Max(_cancelledGeneration, generation);
        _cancel.Cancel();
    }

    /// <summary>Cancels the current run's handlers (a stop hands the run back, or the silo gives the run up).</summary>
    public Task CancelNowAsync() => _cancel.CancelAsync();
}
