using Chord.Grains.Index;
using Chord.Grains.Operations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chord.Grains.Hosting;

/// <summary>
/// Starts every index shard and resumes the unfinished bulk operations once the silo is active, and again every
/// <see cref="ChordEngineOptions.ProbeInterval"/> (at most every 10 s): a shard is what wakes its chords, and the list
/// of operations what resumes them, so one whose silo died must come back without waiting for a caller. A start is
/// one call per shard and one to the list; an active grain with nothing to resume answers it at once.
/// </summary>
internal sealed partial class DurableWorkStarter : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly IGrainFactory _grains;
    private readonly ILogger<DurableWorkStarter> _logger;
    private readonly PeriodicLoop _loop;

    public DurableWorkStarter(IGrainFactory grains, IOptions<ChordEngineOptions> options, ILogger<DurableWorkStarter> logger)
    {
        (_grains, _logger) = (grains, logger);
        var every = options.Value.ProbeInterval < TimeSpan.FromSeconds(10) ? options.Value.ProbeInterval : TimeSpan.FromSeconds(10);
        _loop = new PeriodicLoop(_ => Task.WhenAll(Enumerable.Range(0, ChordIndexShards.Count).Select(StartShardAsync).Append(ResumeOperationsAsync())), () => every);
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(DurableWorkStarter), ServiceLifecycleStage.Active, _loop.StartAsync, _loop.StopAsync);

    private async Task StartShardAsync(int shard)
    {
        try
        {
            await _grains.GetGrain<IChordIndexShardGrain>(shard).StartAsync();
        }
        catch (Exception exception) when (!_loop.IsStopping)
        {
            LogStartFailed(_logger, exception, shard);
        }
        catch (Exception)
        {
            // stopping: the shard starts on another silo
        }
    }

    private async Task ResumeOperationsAsync()
    {
        try
        {
            await _grains.GetGrain<IBulkOperationRegistryGrain>(0).ResumeAllAsync();
        }
        catch (Exception exception) when (!_loop.IsStopping)
        {
            LogResumeFailed(_logger, exception);
        }
        catch (Exception)
        {
            // stopping: another silo resumes them
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The bulk operations did not resume; this silo tries again shortly.")]
    private static partial void LogResumeFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Index shard {Shard} did not start; this silo tries again shortly.")]
    private static partial void LogStartFailed(ILogger logger, Exception exception, int shard);
}
