using Chord.Grains.Limits;
using Microsoft.Extensions.Options;

namespace Chord.Grains.Lanes;

/// <summary>
/// The per-silo queue in front of the heavy worker: K permits (<c>HeavyConcurrency</c>). Heavy work waits here
/// instead of in the worker's inbox, where a request older than the response timeout expires. A freed permit goes
/// to the highest priority that has a waiter; within a priority to the keys in turn (a chord's <c>options.key</c>,
/// e.g. its tenant; a chord without one is a key of its own), a key with weight w taking w permits per turn
/// (<see cref="CurrentLimits.WeightOf"/>); and within a key to its chords in turn, one task each. So neither a key's
/// nor a chord's place depends on how many tasks it queued: a small chord behind a big one, or a tenant's ten tasks
/// behind another's 100,000, start at the next permit. A task of a key or handler with a cluster-wide limit starts
/// only with what that limit lends this silo (<see cref="LimitPermits"/>); one that lacks it waits, and the tasks
/// after it in turn go first.
/// </summary>
internal sealed class HeavyLane
{
    private static readonly ChordPriority[] ServingOrder = [ChordPriority.High, ChordPriority.Normal, ChordPriority.Low];

    private readonly Lock _lock = new();
    private readonly Dictionary<ChordPriority, LinkedList<KeyTurn>> _turns = ServingOrder.ToDictionary(p => p, _ => new LinkedList<KeyTurn>());
    private readonly Dictionary<(string Key, ChordPriority Priority), LinkedListNode<KeyTurn>> _byKey = [];
    private readonly Dictionary<LimitScope, int> _waitingByScope = [];
    private readonly Dictionary<LimitScope, SortedDictionary<int, int>> _waitingKeyLimits = [];
    private readonly HashSet<LimitScope> _heldBack = [];
    private readonly CurrentLimits? _limits;
    private readonly LimitPermits? _permits;
    private readonly int _limit;
    private int _free;
    private int _queued;
    private int _cancelledWaiting;

    /// <param name="options">K, the permits.</param>
    /// <param name="limits">Each key's permits per turn (all 1 when null).</param>
    /// <param name="permits">
    /// The cluster-wide limits of keys and handlers: a task under one starts only with one of this silo's permits of
    /// it besides a lane permit (none when null).
    /// </param>
    public HeavyLane(IOptions<ChordEngineOptions> options, CurrentLimits? limits = null, LimitPermits? permits = null)
    {
        _limit = _free = options.Value.HeavyConcurrency;
        _limits = limits;
        _permits = permits;
        permits?.Serve(WaitingFor, Regrant, _limit, LowestWaitingKeyLimit);
    }

    /// <summary>Permits held now: heavy handlers running on this silo (abandoned ones included).</summary>
    public int Held
    {
        get
        {
            lock (_lock)
            {
                return _limit - _free;
            }
        }
    }

    /// <summary>Heavy tasks waiting for a permit now (cancelled waiters, still in the queue until their turn, left out).</summary>
    public int Queued
    {
        get
        {
            lock (_lock)
            {
                return _queued - _cancelledWaiting;
            }
        }
    }

    /// <summary>Waits for a permit for a task of a chord without a key; dispose the result to give it back.</summary>
    public ValueTask<Permit> AcquireAsync(string chordId, ChordPriority priority, CancellationToken cancellationToken) =>
        AcquireAsync(new HeavyRequest(chordId, null, null, null, priority), cancellationToken);

    /// <summary>Waits for a permit for one task; dispose the result to give it back.</summary>
    public async ValueTask<Permit> AcquireAsync(HeavyRequest request, CancellationToken cancellationToken)
    {
        var keyScope = request.Key is { } key ? LimitScope.Key(key) : (LimitScope?)null;
        var handlerScope = request.Handler is { } handler ? LimitScope.Handler(handler) : (LimitScope?)null;
        if (keyScope is { } scope && request.KeyLimit is { } keyLimit)
        {
            _permits?.NoteChordLimit(scope, keyLimit);
        }

        TaskCompletionSource<Taken> waiter;
        lock (_lock)
        {
            if (_free > 0 && _byKey.Count == 0 && TryTakeLimits(keyScope, handlerScope) is { } taken)
            {
                _free--;
                return new Permit(this, taken);
            }

            waiter = new TaskCompletionSource<Taken>(TaskCreationOptions.RunContinuationsAsynchronously);
            var turnKey = (request.Key ?? "\0" + request.ChordId, request.Priority); // a chord without a key: a key no configured name can be
            if (!_byKey.TryGetValue(turnKey, out var node))
            {
                node = _turns[request.Priority].AddLast(new KeyTurn(turnKey, keyScope, request.Key is null ? 1 : WeightOf(request.Key)));
                _byKey[turnKey] = node;
            }

            node.Value.Enqueue(request.ChordId, new Waiter(waiter, handlerScope, request.KeyLimit));
            _queued++;
            CountWaiting(keyScope, +1);
            CountWaiting(handlerScope, +1);
            CountKeyLimit(keyScope, request.KeyLimit, +1);
            GrantFreePermits(); // free permits may be left behind by waiters that were cancelled
        }

        // A waiter is cancelled and counted under the lock, in one step: a grant (under the same lock) either finds
        // it granted or cancelled-and-counted, so the count of cancelled waiters cannot drift.
        using (cancellationToken.Register(static state => ((CancellableWaiter)state!).Cancel(), new CancellableWaiter(this, waiter)))
        {
            // A waiter granted as its token was cancelled holds the permit: the caller gives it back. The grant says
            // which limits' permits it took too (a limit may have been set meanwhile).
            return new Permit(this, await waiter.Task);
        }
    }

    /// <summary>
    /// The limit that holds back tasks of <paramref name="key"/> or of one of <paramref name="handlers"/> on this silo
    /// now, if any: the last time such a task was up for a permit, the limit had none to lend.
    /// </summary>
    public LimitScope? HoldingBack(string? key, IEnumerable<string> handlers)
    {
        lock (_lock)
        {
            if (_heldBack.Count == 0)
            {
                return null;
            }

            if (key is not null && _heldBack.Contains(LimitScope.Key(key)))
            {
                return LimitScope.Key(key);
            }

            foreach (var handler in handlers)
            {
                if (_heldBack.Contains(LimitScope.Handler(handler)))
                {
                    return LimitScope.Handler(handler);
                }
            }

            return null;
        }
    }

    /// <summary>Tasks waiting here per limit that has any (for the metrics and the cluster view).</summary>
    public IReadOnlyDictionary<LimitScope, int> WaitingByLimit()
    {
        lock (_lock)
        {
            return _waitingByScope.ToDictionary();
        }
    }

    private sealed record CancellableWaiter(HeavyLane Lane, TaskCompletionSource<Taken> Waiter)
    {
        public void Cancel()
        {
            lock (Lane._lock)
            {
                if (Waiter.TrySetCanceled())
                {
                    Lane._cancelledWaiting++; // it stays queued until its turn, when it is skipped
                }
            }
        }
    }

    private void Release(Taken taken)
    {
        if (taken.Key is { } key)
        {
            _permits!.Return(key);
        }

        if (taken.Handler is { } handler)
        {
            _permits!.Return(handler);
        }

        lock (_lock)
        {
            _free++;
            GrantFreePermits();
        }
    }

    /// <summary>Hands out what is free: after a permit came back, or a limit lent this silo permits.</summary>
    private void Regrant()
    {
        lock (_lock)
        {
            GrantFreePermits();
        }
    }

    /// <summary>Tasks waiting on this silo under the limit (its permits are asked for to cover them).</summary>
    private int WaitingFor(LimitScope scope)
    {
        lock (_lock)
        {
            return _waitingByScope.GetValueOrDefault(scope);
        }
    }

    /// <summary>The lowest <c>keyLimit</c> among the key's tasks waiting here (none: none of them has one).</summary>
    private int? LowestWaitingKeyLimit(LimitScope scope)
    {
        lock (_lock)
        {
            return _waitingKeyLimits.TryGetValue(scope, out var limits) && limits.Count > 0 ? limits.Keys.First() : null;
        }
    }

    private void CountKeyLimit(LimitScope? scope, int? keyLimit, int change)
    {
        if (scope is not { } key || keyLimit is not { } limit || _permits is null)
        {
            return;
        }

        if (!_waitingKeyLimits.TryGetValue(key, out var limits))
        {
            _waitingKeyLimits[key] = limits = [];
        }

        var now = limits.GetValueOrDefault(limit) + change;
        if (now > 0)
        {
            limits[limit] = now;
        }
        else
        {
            limits.Remove(limit);
            if (limits.Count == 0)
            {
                _waitingKeyLimits.Remove(key);
            }
        }
    }

    private void CountWaiting(LimitScope? scope, int change)
    {
        if (scope is not { } counted || _permits is null)
        {
            return;
        }

        var now = _waitingByScope.GetValueOrDefault(counted) + change;
        if (now > 0)
        {
            _waitingByScope[counted] = now;
        }
        else
        {
            _waitingByScope.Remove(counted);
            _heldBack.Remove(counted);
        }
    }

    /// <summary>
    /// Takes the permits of the limits a task is under (none for a scope without a limit now), all or none; null when
    /// one has none free here. Under the lock.
    /// </summary>
    private Taken? TryTakeLimits(LimitScope? keyScope, LimitScope? handlerScope)
    {
        if (!TryTakeOne(keyScope, out var key))
        {
            return null;
        }

        if (!TryTakeOne(handlerScope, out var handler))
        {
            Untake(key);
            return null;
        }

        return new Taken(key, handler);
    }

    /// <summary>
    /// Takes a permit of <paramref name="scope"/>'s limit if it has one now (<paramref name="taken"/> says); false when it
    /// has none free here, and the limit is noted as holding tasks back. Under the lock.
    /// </summary>
    private bool TryTakeOne(LimitScope? scope, out LimitScope? taken)
    {
        taken = null;
        if (_permits is null || scope is not { } limited || !_permits.IsLimited(limited))
        {
            return true;
        }

        if (!_permits.TryTake(limited))
        {
            _heldBack.Add(limited);
            return false;
        }

        _heldBack.Remove(limited);
        taken = limited;
        return true;
    }

    private void Untake(LimitScope? taken)
    {
        if (taken is { } scope)
        {
            _permits!.Untake(scope);
        }
    }

    /// <summary>Hands free permits to waiters in serving order, skipping those cancelled meanwhile. Under the lock.</summary>
    private void GrantFreePermits()
    {
        while (_free > 0 && NextWaiter() is var (waiter, taken) && waiter is not null)
        {
            if (waiter.TrySetResult(taken))
            {
                _free--;
                continue;
            }

            if (_cancelledWaiting > 0)
            {
                _cancelledWaiting--;
            }

            // Taken for a waiter that was cancelled meanwhile.
            if (taken.Key is { } key)
            {
                _permits!.Return(key);
            }

            if (taken.Handler is { } handler)
            {
                _permits!.Return(handler);
            }
        }
    }

    /// <summary>
    /// The next waiter: the first key in turn of the highest priority that has a task it may start (one whose limits
    /// lend this silo a permit, taken here), its next such chord's next task; and what it took of the limits.
    /// </summary>
    private (TaskCompletionSource<Taken>? Waiter, Taken Taken) NextWaiter()
    {
        foreach (var priority in ServingOrder)
        {
            var turns = _turns[priority];
            for (var node = turns.First; node is not null; node = node.Next)
            {
                var turn = node.Value;
                if (!TryTakeOne(turn.Scope, out var key))
                {
                    continue; // the key's limit holds its tasks here for now: the keys after it go first
                }

                LimitScope? handler = null;
                var waiter = turn.Dequeue(next => TryTakeOne(next.Handler, out handler));
                if (waiter is null)
                {
                    Untake(key); // each of its chords' next tasks is held by its handler's limit
                    continue;
                }

                _queued--;
                CountWaiting(turn.Scope, -1);
                CountWaiting(waiter.Handler, -1);
                CountKeyLimit(turn.Scope, waiter.KeyLimit, -1);
                if (turn.IsEmpty)
                {
                    turns.Remove(node);
                    _byKey.Remove(turn.Key);
                }
                else if (--turn.Credit <= 0)
                {
                    // Its turn is over: its next tasks wait for the other keys' turns, then it takes its weight again.
                    turns.Remove(node);
                    turns.AddLast(node);
                    turn.Credit = turn.Scope is { } scope ? WeightOf(scope.Name) : 1;
                }

                return (waiter.Completion, new Taken(key, handler));
            }
        }

        return (null, default);
    }

    private int WeightOf(string key) => _limits?.WeightOf(key) ?? 1;

    /// <summary>The limits whose permits a started task took.</summary>
    internal readonly record struct Taken(LimitScope? Key, LimitScope? Handler);

    /// <summary>One held permit (and those of the limits its task is under).</summary>
    public readonly struct Permit : IDisposable
    {
        private readonly HeavyLane _lane;
        private readonly Taken _taken;

        internal Permit(HeavyLane lane, Taken taken) => (_lane, _taken) = (lane, taken);

        public void Dispose() => _lane.Release(_taken);
    }

    private sealed record Waiter(TaskCompletionSource<Taken> Completion, LimitScope? Handler, int? KeyLimit);

    /// <summary>One key's waiters in a priority: its chords in turn, each with its tasks in order, and what is left of its turn.</summary>
    private sealed class KeyTurn((string Key, ChordPriority Priority) key, LimitScope? scope, int credit)
    {
        private readonly LinkedList<(string ChordId, Queue<Waiter> Waiters)> _chords = new();
        private readonly Dictionary<string, LinkedListNode<(string ChordId, Queue<Waiter> Waiters)>> _byChord = [];

        public (string Key, ChordPriority Priority) Key { get; } = key;

        /// <summary>The key's limit scope; none for a chord without a key.</summary>
        public LimitScope? Scope { get; } = scope;

        public int Credit { get; set; } = credit;

        public bool IsEmpty => _chords.Count == 0;

        public void Enqueue(string chordId, Waiter waiter)
        {
            if (!_byChord.TryGetValue(chordId, out var node))
            {
                node = _chords.AddLast((chordId, new Queue<Waiter>()));
                _byChord[chordId] = node;
            }

            node.Value.Waiters.Enqueue(waiter);
        }

        /// <summary>
        /// The first chord's next task that <paramref name="mayStart"/> (chords whose next task may not are passed over,
        /// keeping their place); that chord then waits behind the key's other chords. Null when none may start.
        /// </summary>
        public Waiter? Dequeue(Func<Waiter, bool> mayStart)
        {
            for (var node = _chords.First; node is not null; node = node.Next)
            {
                if (!mayStart(node.Value.Waiters.Peek()))
                {
                    continue;
                }

                var waiter = node.Value.Waiters.Dequeue();
                _chords.Remove(node);
                if (node.Value.Waiters.Count > 0)
                {
                    _chords.AddLast(node);
                }
                else
                {
                    _byChord.Remove(node.Value.ChordId);
                }

                return waiter;
            }

            return null;
        }
    }
}
