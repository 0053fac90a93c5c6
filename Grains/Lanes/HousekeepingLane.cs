using Microsoft.Extensions.Options;

namespace Chord.Grains.Lanes;

/// <summary>
/// Where a silo's housekeeping waits its turn: purges of task records and deletions after retention. At most
/// <see cref="ChordEngineOptions.HousekeepingConcurrency"/> jobs run at once, and together they issue at most
/// <see cref="ChordEngineOptions.HousekeepingRate"/> storage operations a second (a token bucket holding one second's
/// worth), so that a backlog (a 1,000,000-task chord's purge, a thousand chords due after a restart) spreads over
/// time instead of taking storage from the chords that run meanwhile. A job holds its slot for one batch, then
/// queues again, so jobs take turns. Real time: it paces infrastructure, not anything a chord records.
/// </summary>
internal sealed class HousekeepingLane : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly TimeProvider _time;
    private readonly double _rate;
    private readonly object _bucket = new();
    private double _tokens;
    private long _refilledAt;
    private int _waiting;
    private int _running;
    private int _mostRunning;
    private int _mostWaiting;
    private long _operations;

    public HousekeepingLane(IOptions<ChordEngineOptions> options, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _slots = new SemaphoreSlim(options.Value.HousekeepingConcurrency, options.Value.HousekeepingConcurrency);
        _rate = options.Value.HousekeepingRate;
        _tokens = _rate;
        _refilledAt = _time.GetTimestamp();
    }

    /// <summary>Jobs waiting for a slot: the backlog.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Jobs holding a slot.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>The most jobs that ever held a slot at once (it never exceeds the concurrency).</summary>
    public int MostRunning => Volatile.Read(ref _mostRunning);

    /// <summary>The longest backlog there ever was.</summary>
    public int MostWaiting => Volatile.Read(ref _mostWaiting);

    /// <summary>Storage operations granted so far.</summary>
    public long Operations => Interlocked.Read(ref _operations);

    /// <summary>
    /// Waits for a slot, then for <paramref name="operations"/> tokens (what the batch will ask of storage); dispose
    /// the result when the batch is done.
    /// </summary>
    public async Task<IDisposable> EnterAsync(int operations, CancellationToken cancellationToken)
    {
        var waiting = Interlocked.Increment(ref _waiting);
        for (var most = MostWaiting; waiting > most && Interlocked.CompareExchange(ref _mostWaiting, waiting, most) != most; most = MostWaiting)
        {
        }

        try
        {
            await _slots.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        var running = Interlocked.Increment(ref _running);
        for (var most = MostRunning; running > most && Interlocked.CompareExchange(ref _mostRunning, running, most) != most; most = MostRunning)
        {
        }

        var slot = new Slot(this);
        try
        {
            await TakeAsync(operations, cancellationToken);
        }
        catch
        {
            slot.Dispose();
            throw;
        }

        return slot;
    }

    /// <summary>Waits until the bucket holds <paramref name="operations"/> tokens (at most one second's worth) and takes them.</summary>
    private async Task TakeAsync(int operations, CancellationToken cancellationToken)
    {
        var wanted = Math.Min(Math.Max(1, operations), _rate);
        while (true)
        {
            TimeSpan wait;
            lock (_bucket)
            {
                var now = _time.GetTimestamp();
                _tokens = Math.Min(_rate, _tokens + (_time.GetElapsedTime(_refilledAt, now).TotalSeconds * _rate));
                _refilledAt = now;
                if (_tokens >= wanted)
                {
                    _tokens -= wanted;
                    Interlocked.Add(ref _operations, operations);
                    return;
                }

                wait = TimeSpan.FromSeconds((wanted - _tokens) / _rate);
            }

            await Task.Delay(wait, _time, cancellationToken);
        }
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(HousekeepingLane lane) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref lane._running);
                lane._slots.Release();
            }
        }
    }
}
