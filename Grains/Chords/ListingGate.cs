using Microsoft.Extensions.Options;

namespace Chord.Grains.Chords;

/// <summary>
/// How many task listings a silo answers at once (<see cref="ChordEngineOptions.MaxConcurrentListings"/>): each holds
/// up to <see cref="TaskListing.BudgetBytes"/> of records while it pages, so this bounds what listings hold on a silo.
/// One over the limit is turned away at once (<see cref="ChordBusyException"/>), not queued: a queue of listings would
/// hold their callers' requests for as long as it is deep.
/// </summary>
internal sealed class ListingGate(IOptions<ChordEngineOptions> options)
{
    private int _open;

    /// <summary>Seconds a caller turned away is asked to wait.</summary>
    public const int RetryAfterSeconds = 1;

    /// <summary>Listings under way on this silo.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>A place for one listing, to dispose when it is done; null when the silo is at its limit.</summary>
    public IDisposable? TryEnter()
    {
        if (Interlocked.Increment(ref _open) > options.Value.MaxConcurrentListings)
        {
            Interlocked.Decrement(ref _open);
            return null;
        }

        return new Place(this);
    }

    private sealed class Place(ListingGate gate) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref gate._open);
            }
        }
    }
}
