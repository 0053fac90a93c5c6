using Microsoft.Extensions.Logging;

namespace Chord.Grains.Limits;

/// <summary>
/// This silo's share of the cluster-wide limits of keys and handlers (<see cref="LimitOptions"/>): per limit the
/// permits it holds on lease from the limit's <see cref="ILimitBooksGrain"/>, how many are in use, and the starts it
/// was granted from the limit's rate. The heavy lane takes what a task needs before it starts it
/// (<see cref="TryTake"/>) and gives it back when the task ends; a limit with tasks waiting and nothing free asks its
/// grain for more at once, and every third of a lease time each limit renews what it keeps (in use, plus what its
/// waiting tasks need) and gives the rest back. A lease that could not be renewed in time lapses: nothing new starts
/// on it, the tasks running on it finish. A limit changed at runtime is asked about at once, so a lowered one cuts the
/// silos' spare permits within a second.
/// </summary>
internal sealed partial class LimitPermits : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>How soon a silo whose tasks wait asks again when the limit is all held elsewhere.</summary>
    private static readonly TimeSpan RetryWait = TimeSpan.FromMilliseconds(50);

    private readonly IGrainFactory _grains;
    private readonly ILocalSiloDetails _silo;
    private readonly CurrentLimits _limits;
    private readonly TimeProvider _time = TimeProvider.System; // leases are real time, whatever clock the engine reads
    private readonly ILogger<LimitPermits> _logger;
    private readonly PeriodicLoop _renewals;
    private readonly Lock _lock = new();
    private readonly Dictionary<LimitScope, Share> _shares = [];
    private Func<LimitScope, int> _waiting = _ => 0;
    private Action _granted = () => { };
    private int _capacity = int.MaxValue;
    private Func<LimitScope, int?> _waitingKeyLimit = _ => null;

    public LimitPermits(IGrainFactory grains, ILocalSiloDetails silo, CurrentLimits limits, ILogger<LimitPermits> logger)
    {
        (_grains, _silo, _limits, _logger) = (grains, silo, limits, logger);
        _renewals = new PeriodicLoop(_ => RenewAllAsync(), () => _limits.Configured.LeaseTime / 3, pauseFirst: true);
        limits.Changed += () => _ = Task.Run(RenewAllAsync);
    }

    /// <summary>
    /// The lane hands in how to count a limit's waiting tasks, how to hand out permits that arrived, and how many tasks it
    /// runs at once at most (K): a silo never asks for more of a limit than it could use, so it does not hoard the
    /// permits other silos' tasks wait for; and the lowest <c>keyLimit</c> among a key's waiting tasks, which each
    /// renewal notes again, so a chord's own limit holds as long as its tasks wait, however long that is.
    /// </summary>
    public void Serve(Func<LimitScope, int> waiting, Action granted, int capacity, Func<LimitScope, int?> waitingKeyLimit) =>
        (_waiting, _granted, _capacity, _waitingKeyLimit) = (waiting, granted, capacity, waitingKeyLimit);

    /// <summary>Whether the scope has a cluster-wide limit now (configured, overridden, or a chord's <c>keyLimit</c> lately).</summary>
    public bool IsLimited(LimitScope scope)
    {
        if (_limits.Of(scope.Kind, scope.Name)?.IsLimited == true)
        {
            return true;
        }

        lock (_lock)
        {
            return _shares.TryGetValue(scope, out var share) && share.ChordLimitUntil > _time.GetUtcNow();
        }
    }

    /// <summary>
    /// A chord of the key asks for at most <paramref name="limit"/> of the key's tasks at once (its <c>keyLimit</c>): the
    /// lowest such limit of the chords this silo served in the last lease time applies, under the configured one.
    /// </summary>
    public void NoteChordLimit(LimitScope scope, int limit)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            var share = ShareOf(scope);
            if (limit <= share.ChordLimit || share.ChordLimitUntil <= now)
            {
                (share.ChordLimit, share.ChordLimitUntil) = (limit, now + _limits.Configured.LeaseTime);
            }
        }
    }

    /// <summary>
    /// Takes what a task of the scope needs to start: a permit this silo holds free (with <c>MaxRunning</c>) and a start
    /// (with <c>RatePerSecond</c>); if it lacks either, asks for more and answers false.
    /// </summary>
    public bool TryTake(LimitScope scope)
    {
        var limit = _limits.Of(scope.Kind, scope.Name);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            var share = ShareOf(scope);
            var maxRunning = MaxRunningOf(limit, share, now);
            var permit = maxRunning is null || (share.InUse < share.Leased && share.InUse < maxRunning && now < share.Until);
            var token = limit?.RatePerSecond is null || share.Tokens > 0;
            if (permit && token)
            {
                share.InUse++;
                share.Started++;
                share.Tokens -= limit?.RatePerSecond is null ? 0 : 1;
                return true;
            }

            // One request at a time per scope: the lane asks at every freed permit, which may be thousands a second.
            if (share.Asking || share.Scheduled)
            {
                share.AskAgain |= share.Asking;
                return false;
            }

            share.Scheduled = true;
        }

        _ = Task.Run(() => RequestAsync(scope)); // off the lane's lock: the request counts the lane's waiters
        return false;
    }

    /// <summary>Undoes a <see cref="TryTake"/> whose task did not start after all (another limit held it back).</summary>
    public void Untake(LimitScope scope)
    {
        var limit = _limits.Of(scope.Kind, scope.Name);
        lock (_lock)
        {
            var share = ShareOf(scope);
            share.InUse--;
            share.Started--;
            share.Tokens += limit?.RatePerSecond is null ? 0 : 1;
        }
    }

    /// <summary>
    /// Gives a permit back (its task ended): free again for this silo's next task of the scope, or, with none waiting
    /// here or the cluster over the limit, handed back to the limit's grain at once so another silo's tasks get it.
    /// </summary>
    public void Return(LimitScope scope)
    {
        bool handBack;
        lock (_lock)
        {
            var share = ShareOf(scope);
            share.InUse--;
            if (share.Over)
            {
                share.Leased = Math.Min(share.Leased, share.InUse);
            }

            handBack = share.Over || share.Leased > 0;
        }

        if (handBack && (_waiting(scope) == 0 || IsOver(scope)))
        {
            _ = Task.Run(() => RequestAsync(scope));
        }
    }

    /// <summary>
    /// Per scope this silo served: its tasks running under the limit, those started since the silo started, and the
    /// most running at once it applies now (a chord's <c>keyLimit</c> included; none: no such limit).
    /// </summary>
    public IReadOnlyList<(LimitScope Scope, int Running, long Started, int? MaxRunning)> Uses()
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            return [.. _shares.Select(p => (p.Key, Math.Max(0, p.Value.InUse), p.Value.Started, MaxRunningOf(_limits.Of(p.Key.Kind, p.Key.Name), p.Value, now)))];
        }
    }

    private bool IsOver(LimitScope scope)
    {
        lock (_lock)
        {
            return ShareOf(scope).Over;
        }
    }

    private int? MaxRunningOf(LimitOptions? limit, Share share, DateTimeOffset now)
    {
        var chordLimit = share.ChordLimitUntil > now ? share.ChordLimit : (int?)null;
        return (limit?.MaxRunning, chordLimit) switch
        {
            ({ } configured, { } chords) => Math.Min(configured, chords),
            (var configured, var chords) => configured ?? chords,
        };
    }

    /// <summary>Asks the limit's grain for what its waiting tasks need (one request per scope at a time), renewing what this silo keeps.</summary>
    private async Task RequestAsync(LimitScope scope)
    {
        int holding = 0, want = 0, wantTokens = 0, running;
        var limit = _limits.Of(scope.Kind, scope.Name);
        var now = _time.GetUtcNow();
        var waiting = _waiting(scope); // never under this lock: the lane calls in here under its own
        int? maxRunning;
        lock (_lock)
        {
            var share = ShareOf(scope);
            share.Scheduled = false;
            if (share.Asking)
            {
                share.AskAgain = true;
                return;
            }

            share.Asking = true;
            running = Math.Max(0, share.InUse);
            maxRunning = MaxRunningOf(limit, share, now);
            if (maxRunning is not null)
            {
                var usable = Math.Min(running + waiting, Math.Max(running, _capacity));
                holding = Math.Min(share.Leased, usable);
                want = Math.Max(0, usable - holding);
            }

            if (limit?.RatePerSecond is not null)
            {
                wantTokens = Math.Max(0, waiting - share.Tokens);
            }
        }

        var again = false;
        try
        {
            var sent = _time.GetUtcNow();
            var granted = await _grains.GetGrain<ILimitBooksGrain>(scope.GrainKey).RequestAsync(new LimitRequest(
                _silo.SiloAddress.ToString(), holding, want, maxRunning ?? int.MaxValue, wantTokens, limit?.RatePerSecond ?? 0, limit?.EffectiveBurst ?? 1, running, waiting));
            lock (_lock)
            {
                var share = ShareOf(scope);
                share.Leased = granted.Leased;
                share.Over = granted.Over;
                share.Until = sent + _limits.Configured.LeaseTime; // counted from before the call: never later than the grain's
                share.Tokens += granted.Tokens;
            }

            if (granted.Leased > holding || granted.Tokens > 0 || maxRunning is null && limit?.RatePerSecond is null)
            {
                _granted(); // new permits or starts, or the scope is no longer limited: its waiting tasks may start
            }

            // Other silos hold the permits, or the bucket is empty, for now: ask again shortly.
            again = (want > 0 && granted.Leased < holding + want) || wantTokens > granted.Tokens;
        }
        catch (Exception exception)
        {
            LogRequestFailed(_logger, exception, scope.ToString());
            again = true;
        }
        finally
        {
            lock (_lock)
            {
                var share = ShareOf(scope);
                share.Asking = false;
                again |= share.AskAgain;
                share.AskAgain = false;
            }
        }

        if (again && waiting > 0 && !_renewals.IsStopping)
        {
            _ = RetryAsync(scope);
        }
    }

    private async Task RetryAsync(LimitScope scope)
    {
        try
        {
            await Task.Delay(RetryWait, _renewals.Stopping);
            await RequestAsync(scope);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LimitPermits), ServiceLifecycleStage.Active, _renewals.StartAsync, _renewals.StopAsync);

    /// <summary>
    /// Each scope this silo holds permits of, runs tasks of, or has tasks waiting for, renews and asks again; the
    /// <c>keyLimit</c>s of the tasks still waiting are noted again first.
    /// </summary>
    private async Task RenewAllAsync()
    {
        LimitScope[] known;
        lock (_lock)
        {
            known = [.. _shares.Keys];
        }

        foreach (var scope in known)
        {
            if (_waitingKeyLimit(scope) is { } keyLimit) // never under this lock: the lane takes its own
            {
                NoteChordLimit(scope, keyLimit);
            }
        }

        var scopes = known.Where(scope =>
        {
            lock (_lock)
            {
                if (_shares[scope] is { Leased: > 0 } or { InUse: > 0 })
                {
                    return true;
                }
            }

            return _waiting(scope) > 0;
        }).ToArray();

        await Task.WhenAll(scopes.Select(RequestAsync));

        // Whatever changed meanwhile (a limit removed, a chord's limit lapsed, a lease that came back), the lane looks
        // again: no task waits for ever on a grant nothing would announce.
        _granted();
    }

    private Share ShareOf(LimitScope scope)
    {
        if (!_shares.TryGetValue(scope, out var share))
        {
            _shares[scope] = share = new Share();
        }

        return share;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Limit {Scope}: its permits could not be asked for or renewed; this silo tries again shortly (a lease not renewed in time lapses).")]
    private static partial void LogRequestFailed(ILogger logger, Exception exception, string scope);

    private sealed class Share
    {
        public int Leased { get; set; }

        public int InUse { get; set; }

        /// <summary>Tasks started under the limit on this silo, ever (for the rate the cluster view shows).</summary>
        public long Started { get; set; }

        /// <summary>Starts granted from the limit's bucket and not yet spent.</summary>
        public int Tokens { get; set; }

        public DateTimeOffset Until { get; set; }

        /// <summary>The cluster runs over the limit (it was lowered): permits given back are not reused.</summary>
        public bool Over { get; set; }

        /// <summary>The lowest <c>keyLimit</c> of the chords served lately, and until when it holds.</summary>
        public int ChordLimit { get; set; } = int.MaxValue;

        public DateTimeOffset ChordLimitUntil { get; set; }

        public bool Asking { get; set; }

        public bool AskAgain { get; set; }

        /// <summary>A request was handed to the thread pool and has not begun.</summary>
        public bool Scheduled { get; set; }
    }
}
