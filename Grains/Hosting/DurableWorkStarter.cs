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
internal sealed partial class DurableWorkStarter(IGrainFactory grains, IOptions<ChordEngineOptions> options, ILogger<DurableWorkStarter> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(DurableWorkStarter), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(LoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_loop is { } loop)
        {
            await loop.WaitAsync(cancellationToken).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task LoopAsync()
    {
        var every = options.Value.ProbeInterval < TimeSpan.FromSeconds(10) ? options.Value.ProbeInterval : TimeSpan.FromSeconds(10);
        while (!_stopping.IsCancellationRequested)
        {
            await Task.WhenAll(Enumerable.Range(0, ChordIndexShards.Count).Select(StartShardAsync).Append(ResumeOperationsAsync()));
            try
            {
                await Task.Delay(every, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task StartShardAsync(int shard)
    {
        try
        {
            await grains.GetGrain<IChordIndexShardGrain>(shard).StartAsync();
        }
        catch (Exception exception) when (!_stopping.IsCancellationRequested)
        {
            LogStartFailed(logger, exception, shard);
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
            await grains.GetGrain<IBulkOperationRegistryGrain>(0).ResumeAllAsync();
        }
        catch (Exception exception) when (!_stopping.IsCancellationRequested)
        {
            LogResumeFailed(logger, exception);
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
