using Microsoft.Extensions.Options;

namespace Chord.Grains.Lanes;

/// <summary>
/// The per-silo queue in front of the heavy worker: K permits (<c>HeavyConcurrency</c>). Heavy work waits here
/// instead of in the worker's inbox, where a request older than the response timeout expires. A freed permit goes
/// to the highest priority that has a waiter, and within a priority to the chords in turn, one task each: a chord's
/// place does not depend on how many tasks it queued, so a small chord behind a big one starts at the next permit.
/// </summary>
internal sealed class HeavyLane(IOptions<ChordEngineOptions> options)
{
    private static readonly ChordPriority[] ServingOrder = [ChordPriority.High, ChordPriority.Normal, ChordPriority.Low];

    private readonly Lock _lock = new();
    private readonly Dictionary<ChordPriority, LinkedList<ChordWaiters>> _turns = ServingOrder.ToDictionary(p => p, _ => new LinkedList<ChordWaiters>());
    private readonly Dictionary<(string, ChordPriority), LinkedListNode<ChordWaiters>> _byChord = [];
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

    /// <summary>Waits for a permit; dispose the result to give it back.</summary>
    public async ValueTask<Permit> AcquireAsync(string chordId, ChordPriority priority, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_lock)
        {
            if (_free > 0 && _byChord.Count == 0)
            {
                _free--;
                return new Permit(this);
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var key = (chordId, priority);
            if (!_byChord.TryGetValue(key, out var node))
            {
                node = _turns[priority].AddLast(new ChordWaiters(key));
                _byChord[key] = node;
            }

            node.Value.Waiters.Enqueue(waiter);
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

    private TaskCompletionSource? NextWaiter()
    {
        foreach (var priority in ServingOrder)
        {
            var turns = _turns[priority];
            if (turns.First is not { } node)
            {
                continue;
            }

            var waiter = node.Value.Waiters.Dequeue();
            _queued--;
            turns.RemoveFirst();
            if (node.Value.Waiters.Count > 0)
            {
                turns.AddLast(node); // its next task waits for the other chords' turns
            }
            else
            {
                _byChord.Remove(node.Value.Key);
            }

            return waiter;
        }

        return null;
    }

    /// <summary>One held permit.</summary>
    public readonly struct Permit(HeavyLane lane) : IDisposable
    {
        public void Dispose() => lane.Release();
    }

    private sealed record ChordWaiters((string ChordId, ChordPriority Priority) Key)
    {
        public Queue<TaskCompletionSource> Waiters { get; } = new();
    }
}
