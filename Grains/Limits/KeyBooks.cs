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
    private double _tokens = -1;
    private DateTimeOffset _refilledAt;

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

    /// <summary>
    /// Up to <paramref name="want"/> starts from the key's token bucket (<paramref name="burst"/> tokens, refilled at
    /// <paramref name="rate"/> a second; full when the books are made): over any window the key starts at most
    /// burst + rate × window tasks, whichever silos spend the tokens.
    /// </summary>
    public int TakeTokens(int want, double rate, int burst, DateTimeOffset now)
    {
        if (now < grantsFrom || want <= 0 || rate <= 0)
        {
            return 0;
        }

        if (_tokens < 0)
        {
            (_tokens, _refilledAt) = (burst, now);
        }

        _tokens = Math.Min(burst, _tokens + (rate * (now - _refilledAt).TotalSeconds));
        _refilledAt = now;
        var granted = (int)Math.Min(want, Math.Floor(_tokens));
        _tokens -= granted;
        return granted;
    }
}
