namespace Chord.Testing;

/// <summary>
/// Faults a test injects into <see cref="ProcessWideGrainStorage"/>: while <see cref="FailWrites"/> (or
/// <see cref="FailClears"/>) says so for a state's key (<c>{stateName}/{grainId}</c>), writing (or clearing) it
/// throws, as a storage outage would.
/// </summary>
public sealed class StorageFaults
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _clears = new();
    private int _failedWrites;

    public Func<string, bool>? FailWrites { get; set; }

    public Func<string, bool>? FailClears { get; set; }

    /// <summary>Writes and clears that failed on purpose so far: proof that the fault hit running work.</summary>
    public int FailedWrites => Volatile.Read(ref _failedWrites);

    /// <summary>How often each key was cleared (successfully).</summary>
    public IReadOnlyDictionary<string, int> Clears => _clears;

    internal void Cleared(string key) => _clears.AddOrUpdate(key, 1, (_, n) => n + 1);

    internal void ThrowIfFailing(string key, bool clearing = false)
    {
        if ((clearing ? FailClears : FailWrites)?.Invoke(key) == true)
        {
            Interlocked.Increment(ref _failedWrites);
            throw new IOException($"Injected storage fault writing {key}.");
        }
    }
}
