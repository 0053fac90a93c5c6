using Chord.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Chord.Grains.Limits;

/// <summary>
/// Keeps one key's books in memory (<see cref="KeyBooks"/>): one call per silo and renewal, not per task (a silo reuses
/// its leased permits for task after task), so the grain is no hot spot. What it stores is only until when it may
/// have granted leases, moved on a lease time ahead about once a lease time: an activation that follows a lost one
/// grants nothing before that moment, when every lease the lost one gave has expired (meanwhile the silos' renewals
/// write their holdings in again), and a first activation grants at once.
/// </summary>
internal sealed class KeyLimitGrain(
    [PersistentState("keylimit", StorageNames.Chords)] IPersistentState<KeyLimitState> stored,
    IOptionsMonitor<ChordLimitsOptions> options,
    [FromKeyedServices(EngineClock.Key)] TimeProvider time) : Grain, IKeyLimitGrain
{
    private KeyBooks? _books;

    public async Task<KeyGrant> RequestAsync(KeyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        var leaseTime = options.CurrentValue.LeaseTime;
        _books ??= new KeyBooks(stored.State.GrantsUntil);
        if ((request.WantPermits > 0 || request.WantTokens > 0) && stored.State.GrantsUntil < now + leaseTime)
        {
            stored.State.GrantsUntil = now + (2 * leaseTime);
            await stored.WriteStateAsync();
        }

        DelayDeactivation(leaseTime * 3);
        return new KeyGrant(
            _books.Request(request.Silo, request.Holding, request.WantPermits, request.MaxRunning, now, leaseTime),
            _books.TakeTokens(request.WantTokens, request.RatePerSecond, request.Burst, now));
    }
}
