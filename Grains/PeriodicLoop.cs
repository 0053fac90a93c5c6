namespace Chord.Grains;

/// <summary>
/// A silo's background round, run off the grains' schedulers from when the silo is active until it stops: the round,
/// then a pause, again and again. A round's own failures are its business (it logs them); stopping waits for the
/// round in progress within the stage's time.
/// </summary>
internal sealed class PeriodicLoop(Func<CancellationToken, Task> round, Func<TimeSpan> pause, bool pauseFirst = false)
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public bool IsStopping => _stopping.IsCancellationRequested;

    public CancellationToken Stopping => _stopping.Token;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_loop is { } loop)
        {
            await loop.WaitAsync(cancellationToken).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task RunAsync()
    {
        var first = true;
        while (!_stopping.IsCancellationRequested)
        {
            if (!first || !pauseFirst)
            {
                await round(_stopping.Token);
            }

            first = false;
            try
            {
                await Task.Delay(pause(), _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
