namespace Chord.Tests.Infrastructure;

/// <summary>Waits on a chord through its progress stream (pushed, not polled).</summary>
public static class ChordWaits
{
    /// <summary>The chord's final snapshot; fails with the last snapshot seen if it does not end within <paramref name="timeout"/>.</summary>
    /// <summary>The chord's final snapshot, waiting first for the chord to exist (one another chord submits).</summary>
    public static async Task<ChordProgress> SubmittedThenFinalAsync(this IChordGrain chord, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await chord.GetProgressAsync() is null)
        {
            Assert.True(DateTime.UtcNow < deadline, $"chord {chord.GetPrimaryKeyString()} was not submitted in time");
            await Task.Delay(20);
        }

        return await chord.FinalAsync(deadline - DateTime.UtcNow);
    }

    public static async Task<ChordProgress> FinalAsync(this IChordGrain chord, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        ChordProgress? last = null;
        try
        {
            // The stream ends with the final snapshot; re-subscribe if a call fails (e.g. while a silo is evicted).
            while (last is not { IsFinal: true })
            {
                try
                {
                    await foreach (var snapshot in chord.WatchAsync(TimeSpan.Zero, cts.Token))
                    {
                        last = snapshot;
                    }

                    if (last is null)
                    {
                        throw new InvalidOperationException("The chord does not exist.");
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException and not InvalidOperationException)
                {
                    await Task.Delay(200, cts.Token);
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The chord did not finish within {timeout}. Last snapshot: {last}");
        }

        return last;
    }

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
