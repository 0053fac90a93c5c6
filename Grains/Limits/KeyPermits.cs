using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chord.Grains.Limits;

/// <summary>
/// This silo's share of the keys' cluster-wide limits (<see cref="KeyLimitOptions.MaxRunning"/>): per limited key the
/// permits it holds on lease from the key's <see cref="IKeyLimitGrain"/> and how many are in use. The heavy lane takes
/// one before it starts a task of a limited key (<see cref="TryTake"/>) and gives it back when the task ends; a key
/// with tasks waiting and no free permit asks its grain for more at once, and every third of a lease time each key
/// renews what it keeps (in use, plus what its waiting tasks need) and gives the rest back. A lease that could not
/// be renewed in time lapses: nothing new starts on it, the tasks running on it finish.
/// </summary>
internal sealed partial class KeyPermits(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    IOptionsMonitor<ChordLimitsOptions> options,
    ILogger<KeyPermits> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>How soon a silo whose key's tasks wait asks again when the limit is all held elsewhere.</summary>
    private static readonly TimeSpan RetryWait = TimeSpan.FromMilliseconds(50);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, KeyShare> _keys = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private Func<string, int> _waiting = _ => 0;
    private Action _granted = () => { };
    private Task? _renewals;

    /// <summary>The lane hands in how to count a key's waiting tasks and how to hand it permits that arrived.</summary>
    public void Serve(Func<string, int> waiting, Action granted) => (_waiting, _granted) = (waiting, granted);

    /// <summary>The key's cluster-wide limit now, if it has one.</summary>
    public int? LimitOf(string? key) =>
        key is not null && options.CurrentValue.Keys.TryGetValue(key, out var limit) ? limit?.MaxRunning : null;

    /// <summary>Takes a permit of a limited key, if this silo holds a free one; else asks for more and answers false.</summary>
    public bool TryTake(string key)
    {
        lock (_lock)
        {
            var share = Share(key);
            if (share.InUse < share.Leased && DateTimeOffset.UtcNow < share.Until)
            {
                share.InUse++;
                return true;
            }
        }

        _ = Task.Run(() => RequestAsync(key)); // off the lane's lock: the request counts the lane's waiters
        return false;
    }

    /// <summary>
    /// Gives a permit back (its task ended): free again for this silo's next task of the key, or, with none waiting
    /// here, handed back to the key's grain at once so another silo's waiting tasks get it.
    /// </summary>
    public void Return(string key)
    {
        lock (_lock)
        {
            Share(key).InUse--;
        }

        if (_waiting(key) == 0)
        {
            _ = Task.Run(() => RequestAsync(key));
        }
    }

    /// <summary>Asks the key's grain for what its waiting tasks need (one request per key at a time), renewing what this silo keeps.</summary>
    private async Task RequestAsync(string key)
    {
        int holding, want;
        var waiting = _waiting(key); // never under this lock: the lane calls in here under its own
        lock (_lock)
        {
            var share = Share(key);
            if (share.Asking)
            {
                return;
            }

            share.Asking = true;
            holding = Math.Min(share.Leased, share.InUse + waiting);
            want = Math.Max(0, waiting - (holding - share.InUse));
        }

        try
        {
            var limit = LimitOf(key) ?? int.MaxValue;
            var sent = DateTimeOffset.UtcNow;
            var granted = await grains.GetGrain<IKeyLimitGrain>(key).RequestAsync(silo.SiloAddress.ToString(), holding, want, limit);
            lock (_lock)
            {
                var share = Share(key);
                share.Leased = holding + granted;
                share.Until = sent + options.CurrentValue.LeaseTime; // counted from before the call: never later than the grain's
            }

            if (granted > 0)
            {
                _granted();
            }
            else if (want > 0)
            {
                // Other silos hold the key's permits for now: ask again shortly rather than at the next renewal.
                _ = RetryAsync(key);
            }
        }
        catch (Exception exception)
        {
            LogRequestFailed(logger, exception, key);
        }
        finally
        {
            lock (_lock)
            {
                Share(key).Asking = false;
            }
        }
    }

    private async Task RetryAsync(string key)
    {
        try
        {
            await Task.Delay(RetryWait, _stopping.Token);
            await RequestAsync(key);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(KeyPermits), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _renewals = Task.Run(RenewLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_renewals is { } renewals)
        {
            await renewals.WaitAsync(cancellationToken).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>Every third of a lease time: each key this silo holds permits of, or has tasks waiting for, renews and asks again.</summary>
    private async Task RenewLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.CurrentValue.LeaseTime / 3, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            string[] known;
            lock (_lock)
            {
                known = [.. _keys.Keys];
            }

            var keys = known.Where(key =>
            {
                lock (_lock)
                {
                    if (_keys[key] is { Leased: > 0 } or { InUse: > 0 })
                    {
                        return true;
                    }
                }

                return _waiting(key) > 0;
            }).ToArray();

            await Task.WhenAll(keys.Select(RequestAsync));
        }
    }

    private KeyShare Share(string key)
    {
        if (!_keys.TryGetValue(key, out var share))
        {
            _keys[key] = share = new KeyShare();
        }

        return share;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Key {Key}: its permits could not be asked for or renewed; this silo tries again shortly (a lease not renewed in time lapses).")]
    private static partial void LogRequestFailed(ILogger logger, Exception exception, string key);

    private sealed class KeyShare
    {
        public int Leased { get; set; }

        public int InUse { get; set; }

        public DateTimeOffset Until { get; set; }

        public bool Asking { get; set; }
    }
}
