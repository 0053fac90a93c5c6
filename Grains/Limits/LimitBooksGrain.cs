using Chord.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Chord.Grains.Limits;

/// <summary>
/// Keeps one limit's books in memory (<see cref="LimitBooks"/>): one call per silo and renewal, not per task (a silo
/// reuses its leased permits for task after task), so the grain is no hot spot. What it stores is only until when it
/// may have granted leases, moved on a lease time ahead about once a lease time: an activation that follows a lost one
/// grants nothing before that moment, when every lease the lost one gave has expired (meanwhile the silos' renewals
/// write their holdings in again), and a first activation grants at once.
/// </summary>
internal sealed class LimitBooksGrain(
    [PersistentState("limitbooks", StorageNames.Chords)] IPersistentState<LimitBooksState> stored,
    CurrentLimits limits,
    [FromKeyedServices(EngineClock.Key)] TimeProvider time) : Grain, ILimitBooksGrain
{
    private LimitBooks? _books;

    public async Task<LimitGrant> RequestAsync(LimitRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        var leaseTime = limits.Configured.LeaseTime;
        _books ??= new LimitBooks(stored.State.GrantsUntil);
        if ((request.WantPermits > 0 || request.WantTokens > 0) && stored.State.GrantsUntil < now + leaseTime)
        {
            stored.State.GrantsUntil = now + (2 * leaseTime);
            await stored.WriteStateAsync();
        }

        DelayDeactivation(leaseTime * 3);
        var grant = _books.Request(request.Silo, request.Running, request.Holding, request.WantPermits, request.Waiting, request.MaxRunning, now, leaseTime);
        return grant with { Tokens = _books.TakeTokens(request.WantTokens, request.RatePerSecond, request.Burst, now) };
    }
}
