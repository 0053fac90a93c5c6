namespace Chord.Testing;

/// <summary>
/// Faults a test injects into <see cref="ProcessWideGrainStorage"/>: while <see cref="FailWrites"/> (or
/// <see cref="FailClears"/>) says so for a state's key (<c>{stateName}/{grainId}</c>), writing (or clearing) it
/// throws, as a storage outage would.
/// </summary>
public sealed class StorageFaults
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _clears = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _writes = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _reads = new();
    private int _failedWrites;

    public Func<string, bool>? FailWrites { get; set; }

    public Func<string, bool>? FailClears { get; set; }

    /// <summary>Whether a write of a key with this state fails (to hit one kind of write); none when null.</summary>
    public Func<string, object?, bool>? FailWritesOf { get; set; }

    /// <summary>How long a write of a key takes (a slow store); none when null.</summary>
    public Func<string, TimeSpan>? DelayWrites { get; set; }

    /// <summary>How long a write of a key with this state takes (to slow one kind of write down); none when null.</summary>
    public Func<string, object?, TimeSpan>? DelayWritesOf { get; set; }

    /// <summary>How often each key was written (successfully).</summary>
    public IReadOnlyDictionary<string, int> Writes => _writes;

    /// <summary>Writes and clears that failed on purpose so far: proof that the fault hit running work.</summary>
    public int FailedWrites => Volatile.Read(ref _failedWrites);

    /// <summary>How often each key was read (found or not).</summary>
    public IReadOnlyDictionary<string, int> Reads => _reads;

    /// <summary>How often each key was cleared (successfully).</summary>
    public IReadOnlyDictionary<string, int> Clears => _clears;

    internal void Cleared(string key) => _clears.AddOrUpdate(key, 1, (_, n) => n + 1);

    internal void Read(string key) => _reads.AddOrUpdate(key, 1, (_, n) => n + 1);

    internal void Written(string key) => _writes.AddOrUpdate(key, 1, (_, n) => n + 1);

    internal Task DelayAsync(string key, object? state)
    {
        var delay = DelayWrites?.Invoke(key) ?? TimeSpan.Zero;
        if (DelayWritesOf?.Invoke(key, state) is { } ofState && ofState > delay)
        {
            delay = ofState;
        }

        return delay > TimeSpan.Zero ? Task.Delay(delay) : Task.CompletedTask;
    }

    internal void ThrowIfFailing(string key, bool clearing = false, object? state = null)
    {
        if ((clearing ? FailClears : FailWrites)?.Invoke(key) == true || (!clearing && FailWritesOf?.Invoke(key, state) == true))
        {
            Interlocked.Increment(ref _failedWrites);
            throw new IOException($"Injected storage fault writing {key}.");
        }
    }
}
