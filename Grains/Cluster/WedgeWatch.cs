using Chord.Grains.Storage;
using Chord.Grains.Lanes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chord.Grains.Cluster;

/// <summary>
/// Tells when this silo is wedged: every one of its K heavy permits has been held by an abandoned handler (an attempt
/// that timed out and ignores its token) for longer than <see cref="ChordEngineOptions.WedgedAfter"/>. K stays a
/// hard bound on handlers that really run, so such a silo can run no heavy work until those handlers return, which
/// may be never; only a new process frees their threads. So it logs an error, its <c>/alive</c> answers 503 with
/// <see cref="Reason"/>, and unless <see cref="ChordEngineOptions.RecycleWhenWedged"/> is false it is recycled
/// (<see cref="ISiloRecycler"/>): it stops gracefully, handing its units back to the silos that stay.
/// </summary>
public sealed partial class WedgeWatch : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly LaneRunner _runner;
    private readonly StorageHealth _storage;
    private readonly ISiloRecycler _recycler;
    private readonly ChordEngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WedgeWatch> _logger;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private DateTimeOffset? _allHeldSince;
    private string? _reason;
    private bool _recycled;
    private Task? _loop;

    internal WedgeWatch(LaneRunner runner, StorageHealth storage, ISiloRecycler recycler, IOptions<ChordEngineOptions> options, TimeProvider time, ILogger<WedgeWatch> logger)
    {
        _runner = runner;
        _storage = storage;
        _recycler = recycler;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>True while the silo is wedged (and, once it was recycled, until it exits).</summary>
    public bool IsWedged => Reason is not null;

    /// <summary>Why the silo is wedged, in words; null while it is not.</summary>
    public string? Reason
    {
        get
        {
            lock (_lock)
            {
                return _reason;
            }
        }
    }

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(WedgeWatch), ServiceLifecycleStage.Active, Start, Stop);
    }

    /// <summary>
    /// One look at the silo's storage: failing (or hanging) for longer than <c>StorageLeaveAfter</c>, the silo is
    /// wedged for good and leaves (recycled once). Its units and chords gave their work back long before
    /// (<c>StorageGiveUpAfter</c>); leaving is what moves the grains Orleans' directory caches still send to it.
    /// </summary>
    internal void CheckStorage()
    {
        var failing = _storage.FailingFor();
        if (failing < _options.StorageLeaveAfter)
        {
            return;
        }

        string reason;
        bool recycle;
        lock (_lock)
        {
            if (_recycled || (_reason is not null && _reason.StartsWith(StorageReason, StringComparison.Ordinal)))
            {
                return;
            }

            _reason = reason = $"{StorageReason} for {failing.TotalSeconds:N1} s, longer than Chord:Engine:StorageLeaveAfter ({_options.StorageLeaveAfter.TotalSeconds:N1} s): it leaves the cluster, so that the grains it hosted come back where storage answers.";
            recycle = _options.RecycleWhenWedged;
            _recycled |= recycle;
        }

        LogWedged(_logger, reason, recycle);
        if (recycle)
        {
            _recycler.Leave(reason);
        }
    }

    private const string StorageReason = "This silo's storage writes have failed or hung";

    /// <summary>One look at the heavy lane: starts, keeps or ends the wedged state, and recycles the silo once.</summary>
    internal void Check()
    {
        CheckStorage();
        var limit = _options.HeavyConcurrency;
        var now = _time.GetUtcNow();
        string? wedged = null;
        var recycle = false;
        lock (_lock)
        {
            if (_runner.AbandonedHeavy < limit)
            {
                // A permit came back: the handlers do return, the silo is not stuck (a recycle under way goes on).
                _allHeldSince = null;
                if (_reason is not null && !_recycled && !_reason.StartsWith(StorageReason, StringComparison.Ordinal))
                {
                    _reason = null;
                    LogRecovered(_logger);
                }

                return;
            }

            _allHeldSince ??= now;
            var held = now - _allHeldSince.Value;
            if (_reason is not null || held < _options.WedgedAfter)
            {
                return;
            }

            _reason = wedged = $"This silo is wedged: all {limit} of its heavy permits have been held by abandoned handlers (attempts that timed out and ignore their token) for {held.TotalSeconds:N1} s, longer than Chord:Engine:WedgedAfter ({_options.WedgedAfter.TotalSeconds:N1} s).";
            recycle = _options.RecycleWhenWedged && !_recycled;
            _recycled |= recycle;
        }

        LogWedged(_logger, wedged, recycle);
        if (recycle)
        {
            _recycler.Recycle(wedged);
        }
    }

    private Task Start(CancellationToken cancellationToken)
    {
        _loop = WatchAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    private async Task Stop(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_loop is { } loop)
        {
            await loop.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        // A few looks per WedgedAfter, at most one a second: the state costs two reads of counters.
        var ticks = Math.Clamp(_options.WedgedAfter.Ticks / 4, TimeSpan.FromMilliseconds(10).Ticks, TimeSpan.FromSeconds(1).Ticks);
        var period = TimeSpan.FromTicks(ticks);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(period, _time, cancellationToken);
                Check();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogCheckFailed(_logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Reason} Recycling it (a graceful stop, exit code 3): {Recycling}.")]
    private static partial void LogWedged(ILogger logger, string reason, bool recycling);

    [LoggerMessage(Level = LogLevel.Information, Message = "This silo is no longer wedged: a heavy permit held by an abandoned handler came back.")]
    private static partial void LogRecovered(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking whether this silo is wedged failed; the next check follows.")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
