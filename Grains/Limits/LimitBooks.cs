namespace Chord.Grains.Limits;

/// <summary>
/// One limit's books: the permits each silo holds on lease and until when, and the token bucket of its rate. A silo
/// says what it runs and what it keeps (renewing that lease) and what more it wants; it gets what the limit leaves
/// once expired leases are dropped. A limit lowered below what the silos hold cuts their spare permits at their next
/// request, and tells them the cluster runs over it (<see cref="LimitGrant.Over"/>) so that permits their tasks give
/// back are not reused until it no longer does. Books made anew (the grain was lost with its silo) grant nothing for a
/// lease time: the leases the old books gave may still run, and their silos' renewals write them in again meanwhile.
/// </summary>
internal sealed class LimitBooks(DateTimeOffset grantsFrom)
{
    private readonly Dictionary<string, Lease> _leases = new(StringComparer.Ordinal);
    private double _tokens = -1;
    private DateTimeOffset _refilledAt;

    /// <summary>Permits held on leases that have not expired.</summary>
    public int Held(DateTimeOffset now) => _leases.Values.Where(l => l.Until > now).Sum(l => l.Count);

    /// <summary>Tasks the silos with live leases or recent requests said wait for the limit.</summary>
    public int Waiting(DateTimeOffset now) => _leases.Values.Where(l => l.Until > now).Sum(l => l.Waiting);

    /// <summary>
    /// Renews <paramref name="silo"/>'s lease on what it keeps (at most what the limit leaves beside the others' leases,
    /// but never less than it runs) and grants it up to <paramref name="want"/> more within <paramref name="limit"/>.
    /// </summary>
    public LimitGrant Request(string silo, int running, int holding, int want, int waiting, int limit, DateTimeOffset now, TimeSpan leaseTime)
    {
        foreach (var expired in _leases.Where(l => l.Value.Until <= now).Select(l => l.Key).ToList())
        {
            _leases.Remove(expired);
        }

        _leases.Remove(silo);
        var others = _leases.Values.Sum(l => l.Count);
        var keep = Math.Max(0, Math.Min(holding, Math.Max(running, limit - others)));
        var granted = now < grantsFrom ? 0 : Math.Clamp(limit - others - keep, 0, Math.Max(0, want));
        var leased = keep + granted;
        var counted = Math.Max(leased, running);
        if (counted > 0 || waiting > 0)
        {
            _leases[silo] = new Lease(counted, waiting, now + leaseTime);
        }

        return new LimitGrant(leased, 0, Over: others + counted > limit);
    }

    /// <summary>
    /// Up to <paramref name="want"/> starts from the token bucket (<paramref name="burst"/> tokens, refilled at
    /// <paramref name="rate"/> a second; full when the books are made): over any window the limit lets at most
    /// burst + rate × window tasks start, whichever silos spend the tokens.
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

    private readonly record struct Lease(int Count, int Waiting, DateTimeOffset Until);
}
