namespace Chord.Grains.Limits;

/// <summary>
/// One key's books: the permits each silo holds on lease and until when. A silo says what it holds (renewing that
/// lease) and what more it wants; it gets what the limit leaves once expired leases are dropped. Books made anew (the
/// key's grain was lost with its silo) grant nothing for a lease time: the leases the old books gave may still run,
/// and their silos' renewals write them in again meanwhile.
/// </summary>
internal sealed class KeyBooks(DateTimeOffset grantsFrom)
{
    private readonly Dictionary<string, (int Count, DateTimeOffset Until)> _leases = new(StringComparer.Ordinal);

    /// <summary>Permits held on leases that have not expired.</summary>
    public int Held(DateTimeOffset now) => _leases.Values.Where(l => l.Until > now).Sum(l => l.Count);

    /// <summary>Renews <paramref name="silo"/>'s lease on what it holds and grants it up to <paramref name="want"/> more within <paramref name="limit"/>; the permits granted.</summary>
    public int Request(string silo, int holding, int want, int limit, DateTimeOffset now, TimeSpan leaseTime)
    {
        foreach (var expired in _leases.Where(l => l.Value.Until <= now).Select(l => l.Key).ToList())
        {
            _leases.Remove(expired);
        }

        _leases.Remove(silo);
        var granted = now < grantsFrom ? 0 : Math.Clamp(limit - _leases.Values.Sum(l => l.Count) - holding, 0, Math.Max(0, want));
        if (holding + granted > 0)
        {
            _leases[silo] = (holding + granted, now + leaseTime);
        }

        return granted;
    }
}
