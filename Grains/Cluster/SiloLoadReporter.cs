using System.Diagnostics;
using Chord.Grains.Lanes;
using Chord.Grains.Limits;
using Chord.Grains.Storage;
using Chord.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chord.Grains.Cluster;

/// <summary>
/// Reports this silo's load to the cluster view every <see cref="ChordEngineOptions.LoadReportInterval"/> while the
/// silo is active, and says it leaves when the silo stops. A failed report is only logged: the next one follows.
/// It also hands the lanes' counts to the metrics' gauges.
/// </summary>
internal sealed partial class SiloLoadReporter(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    HeavyLane heavyLane,
    LaneRunner runner,
    HousekeepingLane housekeeping,
    LimitLoads limits,
    CurrentLimits currentLimits,
    ChordMetrics metrics,
    StorageHealth storage,
    IOptions<ChordEngineOptions> options,
    ILogger<SiloLoadReporter> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;
    private (long Operations, long At) _housekeepingBefore = (0, Stopwatch.GetTimestamp());

    public void Participate(ISiloLifecycle lifecycle)
    {
        // The metrics' gauges read the same lanes this reporter does.
        metrics.ObserveHeavyLane(() => heavyLane.Held, () => heavyLane.Queued);
        metrics.ObserveAbandoned(() => runner.Abandoned);
        metrics.ObserveLimits(limits.Now, currentLimits.Configured.MetricNames);
        metrics.ObserveHousekeeping(() => housekeeping.Waiting, () => housekeeping.Running, () => housekeeping.Operations);
        lifecycle.Subscribe(nameof(SiloLoadReporter), ServiceLifecycleStage.Active, StartAsync, StopAsync);
    }

    /// <summary>This silo's load now.</summary>
    public SiloLoad Now() => new()
    {
        Silo = silo.SiloAddress.ToString(),
        HeavyLimit = options.Value.HeavyConcurrency,
        Running = heavyLane.Held,
        Queued = heavyLane.Queued,
        Abandoned = runner.Abandoned,
        AbandonedHeavy = runner.AbandonedHeavy,
        StorageFailing = storage.FailingFor() >= options.Value.LoadReportInterval * 2,
        HousekeepingBacklog = housekeeping.Waiting,
        HousekeepingRunning = housekeeping.Running,
        HousekeepingPerSecond = HousekeepingRate(),
        Limits = limits.SincePrevious(),
        TasksCompleted = metrics.TasksCompleted,
        DashboardUrl = options.Value.SiloUrl,
        At = DateTimeOffset.UtcNow,
    };

    /// <summary>Housekeeping's storage operations per second since the previous report.</summary>
    private double HousekeepingRate()
    {
        var now = (Operations: housekeeping.Operations, At: Stopwatch.GetTimestamp());
        (long Operations, long At) before;
        lock (_stopping)
        {
            (before, _housekeepingBefore) = (_housekeepingBefore, now);
        }

        var (operations, at) = before;
        var seconds = Stopwatch.GetElapsedTime(at, now.At).TotalSeconds;
        return seconds > 0 ? Math.Round((now.Operations - operations) / seconds, 1) : 0;
    }

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = ReportLoopAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    /// <summary>Says it leaves first (no new units are placed here from then on), within a bounded time: the grains' hand-back needs the rest of the shutdown.</summary>
    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            await grains.GetGrain<IClusterViewGrain>(0).LeaveAsync(silo.SiloAddress.ToString()).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
        }
        catch (Exception exception)
        {
            LogReportFailed(logger, exception);
        }

        if (_loop is { } loop)
        {
            await loop.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task ReportLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.LoadReportInterval);
        do
        {
            try
            {
                await grains.GetGrain<IClusterViewGrain>(0).ReportAsync(Now()).WaitAsync(options.Value.LoadReportInterval * 4, cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                LogReportFailed(logger, exception);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        while (await WaitAsync(timer, cancellationToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reporting this silo's load to the cluster view failed; the next report follows.")]
    private static partial void LogReportFailed(ILogger logger, Exception exception);
}
