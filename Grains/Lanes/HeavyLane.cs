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
internal sealed class HeavyLane(IOptions<ChordEngineOptions> options, KeyWeights? weights = null)
{
    private static readonly ChordPriority[] ServingOrder = [ChordPriority.High, ChordPriority.Normal, ChordPriority.Low];

    private readonly Lock _lock = new();
    private readonly Dictionary<ChordPriority, LinkedList<KeyTurn>> _turns = ServingOrder.ToDictionary(p => p, _ => new LinkedList<KeyTurn>());
    private readonly Dictionary<(string Key, ChordPriority Priority), LinkedListNode<KeyTurn>> _byKey = [];
    private readonly int _limit = options.Value.HeavyConcurrency;
    private int _free = options.Value.HeavyConcurrency;
    private int _queued;
    private int _cancelledWaiting;

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
        TaskCompletionSource waiter;
        lock (_lock)
        {
            if (_free > 0 && _byKey.Count == 0)
            {
                _free--;
                return new Permit(this);
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
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
            await waiter.Task; // a waiter granted as its token was cancelled holds the permit: the caller gives it back
        }

        return new Permit(this);
    }

    private sealed record CancellableWaiter(HeavyLane Lane, TaskCompletionSource Waiter)
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

    private void Release()
    {
        lock (_lock)
        {
            _free++;
            GrantFreePermits();
        }
    }

    /// <summary>Hands free permits to waiters in serving order, skipping those cancelled meanwhile. Under the lock.</summary>
    private void GrantFreePermits()
    {
        while (_free > 0 && NextWaiter() is { } waiter)
        {
            if (waiter.TrySetResult())
            {
                _free--;
            }
            else if (_cancelledWaiting > 0)
            {
                _cancelledWaiting--;
            }
        }
    }

    /// <summary>The next waiter: the first key of the highest priority that has one, its next chord's next task.</summary>
    private TaskCompletionSource? NextWaiter()
    {
        foreach (var priority in ServingOrder)
        {
            var turns = _turns[priority];
            if (turns.First is not { } node)
            {
                continue;
            }

            var turn = node.Value;
            var waiter = turn.Dequeue();
            _queued--;
            if (turn.IsEmpty)
            {
                turns.RemoveFirst();
                _byKey.Remove(turn.Key);
            }
            else if (--turn.Credit <= 0)
            {
                // Its turn is over: its next tasks wait for the other keys' turns, then it takes its weight again.
                turns.RemoveFirst();
                turns.AddLast(node);
                turn.Credit = turn.Key.Key[0] == '\0' ? 1 : WeightOf(turn.Key.Key);
            }

            return waiter;
        }

        return null;
    }

    private int WeightOf(string key) => weights?.Of(key) ?? 1;

    /// <summary>One held permit.</summary>
    public readonly struct Permit(HeavyLane lane) : IDisposable
    {
        public void Dispose() => lane.Release();
    }

    /// <summary>One key's waiters in a priority: its chords in turn, each with its tasks in order, and what is left of its turn.</summary>
    private sealed class KeyTurn((string Key, ChordPriority Priority) key, int credit)
    {
        private readonly LinkedList<(string ChordId, Queue<TaskCompletionSource> Waiters)> _chords = new();
        private readonly Dictionary<string, LinkedListNode<(string ChordId, Queue<TaskCompletionSource> Waiters)>> _byChord = [];

        public (string Key, ChordPriority Priority) Key { get; } = key;

        public int Credit { get; set; } = credit;

        public bool IsEmpty => _chords.Count == 0;

        public void Enqueue(string chordId, TaskCompletionSource waiter)
        {
            if (!_byChord.TryGetValue(chordId, out var node))
            {
                node = _chords.AddLast((chordId, new Queue<TaskCompletionSource>()));
                _byChord[chordId] = node;
            }

            node.Value.Waiters.Enqueue(waiter);
        }

        /// <summary>The first chord's next task; that chord then waits behind the key's other chords.</summary>
        public TaskCompletionSource Dequeue()
        {
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
