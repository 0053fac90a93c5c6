namespace Chord.Testing;

/// <summary>
/// Faults a test injects into <see cref="ProcessWideGrainStorage"/>: while <see cref="FailWrites"/> says so for a
/// state's key (<c>{stateName}/{grainId}</c>), writing it throws, as a storage outage would.
/// </summary>
public sealed class StorageFaults
{
    private int _failedWrites;

    public Func<string, bool>? FailWrites { get; set; }

    /// <summary>Writes that failed on purpose so far: proof that the fault hit running work.</summary>
    public int FailedWrites => Volatile.Read(ref _failedWrites);

    internal void ThrowIfFailing(string key)
    {
        if (FailWrites?.Invoke(key) == true)
        {
            Interlocked.Increment(ref _failedWrites);
            throw new IOException($"Injected storage fault writing {key}.");
        }
    }
}
