namespace Chord.Grains.Body;

/// <summary>
/// A chord's body (key = chord id). Runs at most to one recorded result: invoked again after it finished, it
/// re-reports the recorded result instead of running again.
/// </summary>
[Alias("chord.IBodyGrain")]
internal interface IBodyGrain : IGrainWithStringKey
{
    /// <summary>Starts the body, or re-reports its recorded outcome. Returns once accepted.</summary>
    [Alias("Start")]
    Task StartAsync(BodyInvocation invocation);

    /// <summary>Cancels a running body (from a chord of an earlier release).</summary>
    [AlwaysInterleave, Alias("Cancel")]
    Task CancelAsync();

    /// <summary>Cancels the body's run for redrive <paramref name="generation"/> (and earlier); a start for a later redrive runs uncancelled.</summary>
    [AlwaysInterleave, Alias("CancelRun")]
    Task CancelRunAsync(int generation);

    /// <summary>Forgets the body's record (its chord is being deleted after its retention).</summary>
    [Alias("Purge")]
    Task PurgeAsync();
}
