using Chord.Grains.Limits;
using Microsoft.Extensions.Options;

namespace Chord.Grains.Lanes;

/// <summary>
/// The per-silo queue in front of the heavy worker: K permits (<c>HeavyConcurrency</c>). Heavy work waits here
/// instead of in the worker's inbox, where a request older than the response timeout expires. A freed permit goes
/// to the highest priority that has a waiter; within a priority to the keys in turn (a chord's <c>options.key</c>,
/// e.g. its tenant; a chord without one is a key of its own), a key with weight w taking w permits per turn
/// (<see cref="KeyWeights"/>); and within a key to its chords in turn, one task each. So neither a key's nor a
/// chord's place depends on how many tasks it queued: a small chord behind a big one, or a tenant's ten tasks behind
/// another's 100,000, start at the next permit.
/// </summary>
internal sealed class HeavyLane
{
    private static readonly ChordPriority[] ServingOrder = [ChordPriority.High, ChordPriority.Normal, ChordPriority.Low];

    private readonly Lock _lock = new();
    private readonly Dictionary<ChordPriority, LinkedList<KeyTurn>> _turns = ServingOrder.ToDictionary(p => p, _ => new LinkedList<KeyTurn>());
    private readonly Dictionary<(string Key, ChordPriority Priority), LinkedListNode<KeyTurn>> _byKey = [];
    private readonly KeyWeights? _weights;
    private readonly KeyPermits? _permits;
    private readonly int _limit;
    private int _free;
    private int _queued;
    private int _cancelledWaiting;

    /// <param name="options">K, the permits.</param>
    /// <param name="weights">Each key's permits per turn (all 1 when null).</param>
    /// <param name="permits">
    /// The keys' cluster-wide limits: a task of a limited key starts only with one of this silo's permits of that key
    /// besides a lane permit; a key without one waits, and the keys after it in turn go first (none when null).
    /// </param>
    public HeavyLane(IOptions<ChordEngineOptions> options, KeyWeights? weights = null, KeyPermits? permits = null)
    {
        _limit = _free = options.Value.HeavyConcurrency;
        _weights = weights;
        _permits = permits;
        permits?.Serve(WaitingFor, Regrant);
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
        AcquireAsync(chordId, key: null, priority, cancellationToken);

    /// <summary>Waits for a permit for a task of a chord of <paramref name="key"/> (none: the chord is a key of its own); dispose the result to give it back.</summary>
    public async ValueTask<Permit> AcquireAsync(string chordId, string? key, ChordPriority priority, CancellationToken cancellationToken)
    {
        TaskCompletionSource<string?> waiter;
        lock (_lock)
        {
            var limited = key is not null && _permits?.IsLimited(key) == true ? key : null;
            if (_free > 0 && _byKey.Count == 0 && (limited is null || _permits!.TryTake(limited)))
            {
                _free--;
                return new Permit(this, limited);
            }

            waiter = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
            var turnKey = (key ?? "\0" + chordId, priority); // a chord without a key: a key no configured name can be
            if (!_byKey.TryGetValue(turnKey, out var node))
            {
                node = _turns[priority].AddLast(new KeyTurn(turnKey, key is null ? 1 : WeightOf(key)));
                _byKey[turnKey] = node;
            }

            node.Value.Enqueue(chordId, waiter);
            _queued++;
            GrantFreePermits(); // free permits may be left behind by waiters that were cancelled
        }

        // A waiter is cancelled and counted under the lock, in one step: a grant (under the same lock) either finds
        // it granted or cancelled-and-counted, so the count of cancelled waiters cannot drift.
        using (cancellationToken.Register(static state => ((CancellableWaiter)state!).Cancel(), new CancellableWaiter(this, waiter)))
        {
            // A waiter granted as its token was cancelled holds the permit: the caller gives it back. The grant says
            // whether it took a permit of the key's limit too (the limit may have been configured meanwhile).
            var limitedKey = await waiter.Task;
            return new Permit(this, limitedKey);
        }
    }

    private sealed record CancellableWaiter(HeavyLane Lane, TaskCompletionSource<string?> Waiter)
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

    private void Release(string? limitedKey)
    {
        if (limitedKey is not null)
        {
            _permits!.Return(limitedKey);
        }

        lock (_lock)
        {
            _free++;
            GrantFreePermits();
        }
    }

    /// <summary>Hands out what is free: after a permit came back, or a limited key got permits of its own.</summary>
    private void Regrant()
    {
        lock (_lock)
        {
            GrantFreePermits();
        }
    }

    /// <summary>Tasks of the key waiting on this silo (the key's permits are asked for to cover them).</summary>
    private int WaitingFor(string key)
    {
        lock (_lock)
        {
            return ServingOrder.Sum(priority => _byKey.TryGetValue((key, priority), out var node) ? node.Value.Count : 0);
        }
    }

    /// <summary>Hands free permits to waiters in serving order, skipping those cancelled meanwhile. Under the lock.</summary>
    private void GrantFreePermits()
    {
        while (_free > 0 && NextWaiter() is var (waiter, limitedKey) && waiter is not null)
        {
            if (waiter.TrySetResult(limitedKey))
            {
                _free--;
                continue;
            }

            if (_cancelledWaiting > 0)
            {
                _cancelledWaiting--;
            }

            if (limitedKey is not null)
            {
                _permits!.Return(limitedKey); // taken for a waiter that was cancelled meanwhile
            }
        }
    }

    /// <summary>
    /// The next waiter: the first key in turn of the highest priority that has one it may start (a limited key only
    /// with one of this silo's permits of that key, taken here), its next chord's next task; and that key if limited.
    /// </summary>
    private (TaskCompletionSource<string?>? Waiter, string? LimitedKey) NextWaiter()
    {
        foreach (var priority in ServingOrder)
        {
            var turns = _turns[priority];
            for (var node = turns.First; node is not null; node = node.Next)
            {
                var turn = node.Value;
                var limitedKey = turn.Key.Key[0] != '\0' && _permits?.IsLimited(turn.Key.Key) == true ? turn.Key.Key : null;
                if (limitedKey is not null && !_permits!.TryTake(limitedKey))
                {
                    continue; // its cluster-wide limit is reached here for now: the keys after it go first
                }

                var waiter = turn.Dequeue();
                _queued--;
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
                    turn.Credit = turn.Key.Key[0] == '\0' ? 1 : WeightOf(turn.Key.Key);
                }

                return (waiter, limitedKey);
            }
        }

        return (null, null);
    }

    private int WeightOf(string key) => _weights?.Of(key) ?? 1;

    /// <summary>One held permit (and, for a task of a limited key, one of that key's).</summary>
    public readonly struct Permit(HeavyLane lane, string? limitedKey) : IDisposable
    {
        public void Dispose() => lane.Release(limitedKey);
    }

    /// <summary>One key's waiters in a priority: its chords in turn, each with its tasks in order, and what is left of its turn.</summary>
    private sealed class KeyTurn((string Key, ChordPriority Priority) key, int credit)
    {
        private readonly LinkedList<(string ChordId, Queue<TaskCompletionSource<string?>> Waiters)> _chords = new();
        private readonly Dictionary<string, LinkedListNode<(string ChordId, Queue<TaskCompletionSource<string?>> Waiters)>> _byChord = [];

        public (string Key, ChordPriority Priority) Key { get; } = key;

        public int Credit { get; set; } = credit;

        /// <summary>Tasks waiting in it.</summary>
        public int Count { get; private set; }

        public bool IsEmpty => _chords.Count == 0;

        public void Enqueue(string chordId, TaskCompletionSource<string?> waiter)
        {
            Count++;
            if (!_byChord.TryGetValue(chordId, out var node))
            {
                node = _chords.AddLast((chordId, new Queue<TaskCompletionSource<string?>>()));
                _byChord[chordId] = node;
            }

            node.Value.Waiters.Enqueue(waiter);
        }

        /// <summary>The first chord's next task; that chord then waits behind the key's other chords.</summary>
        public TaskCompletionSource<string?> Dequeue()
        {
            Count--;
            var node = _chords.First!;
            var waiter = node.Value.Waiters.Dequeue();
            _chords.RemoveFirst();
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
    }
}
