namespace Chord.Grains;

/// <summary>Exponential backoff: <c>initial × 2^(attempt-1)</c>, capped.</summary>
internal static class Retry
{
    public static TimeSpan Backoff(TimeSpan initial, int attempt, TimeSpan cap)
    {
        var factor = Math.Pow(2, Math.Min(attempt - 1, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(initial.Ticks * factor, cap.Ticks));
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }

    /// <summary>
    /// Calls <paramref name="action"/> until it succeeds, backing off between tries, or until
    /// <paramref name="cancellationToken"/> is cancelled. For transitions that must happen: reports and writes. The
    /// waits are real time (a wait on infrastructure), not the engine's clock, which a test may hold still.
    /// </summary>
    public static async Task UntilDoneAsync(Func<Task> action, Action<Exception, int> onFailure, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await action();
                return;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                onFailure(exception, attempt);
                await Task.Delay(Backoff(TimeSpan.FromMilliseconds(100), attempt, TimeSpan.FromSeconds(5)), cancellationToken);
            }
        }
    }
}
