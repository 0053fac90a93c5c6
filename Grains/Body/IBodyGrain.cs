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

    /// <summary>Cancels a running body.</summary>
    [AlwaysInterleave, Alias("Cancel")]
    Task CancelAsync();

    /// <summary>Forgets the body's record (its chord is being deleted after its retention).</summary>
    [Alias("Purge")]
    Task PurgeAsync();
}
