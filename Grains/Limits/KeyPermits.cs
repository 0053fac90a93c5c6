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

    /// <summary>Whether the key has a cluster-wide limit now (<c>MaxRunning</c> or <c>RatePerSecond</c>).</summary>
    public bool IsLimited(string? key) => LimitOf(key)?.IsLimited == true;

    private KeyLimitOptions? LimitOf(string? key) =>
        key is not null && options.CurrentValue.Keys.TryGetValue(key, out var limit) ? limit : null;

    /// <summary>
    /// Takes what a task of a limited key needs to start: a permit this silo holds free (with <c>MaxRunning</c>) and a
    /// start (with <c>RatePerSecond</c>); if it lacks either, asks for more and answers false.
    /// </summary>
    public bool TryTake(string key)
    {
        var limit = LimitOf(key);
        lock (_lock)
        {
            var share = Share(key);
            var permit = limit?.MaxRunning is null || (share.InUse < share.Leased && DateTimeOffset.UtcNow < share.Until);
            var token = limit?.RatePerSecond is null || share.Tokens > 0;
            if (permit && token)
            {
                share.InUse++;
                share.Tokens -= limit?.RatePerSecond is null ? 0 : 1;
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

        if (LimitOf(key)?.MaxRunning is not null && _waiting(key) == 0)
        {
            _ = Task.Run(() => RequestAsync(key));
        }
    }

    /// <summary>Asks the key's grain for what its waiting tasks need (one request per key at a time), renewing what this silo keeps.</summary>
    private async Task RequestAsync(string key)
    {
        int holding = 0, want = 0, wantTokens = 0;
        var limit = LimitOf(key);
        var waiting = _waiting(key); // never under this lock: the lane calls in here under its own
        lock (_lock)
        {
            var share = Share(key);
            if (share.Asking)
            {
                return;
            }

            share.Asking = true;
            if (limit?.MaxRunning is not null)
            {
                holding = Math.Min(share.Leased, share.InUse + waiting);
                want = Math.Max(0, waiting - (holding - share.InUse));
            }

            if (limit?.RatePerSecond is not null)
            {
                wantTokens = Math.Max(0, waiting - share.Tokens);
            }
        }

        try
        {
            var sent = DateTimeOffset.UtcNow;
            var granted = await grains.GetGrain<IKeyLimitGrain>(key).RequestAsync(new KeyRequest(
                silo.SiloAddress.ToString(), holding, want, limit?.MaxRunning ?? int.MaxValue, wantTokens, limit?.RatePerSecond ?? 0, limit?.EffectiveBurst ?? 1));
            lock (_lock)
            {
                var share = Share(key);
                share.Leased = holding + granted.Permits;
                share.Until = sent + options.CurrentValue.LeaseTime; // counted from before the call: never later than the grain's
                share.Tokens += granted.Tokens;
            }

            if (granted.Permits > 0 || granted.Tokens > 0)
            {
                _granted();
            }

            if ((want > granted.Permits || wantTokens > granted.Tokens) && !_stopping.IsCancellationRequested)
            {
                // Other silos hold the key's permits, or its bucket is empty, for now: ask again shortly.
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

        /// <summary>Starts granted from the key's bucket and not yet spent.</summary>
        public int Tokens { get; set; }

        public DateTimeOffset Until { get; set; }

        public bool Asking { get; set; }
    }
}
