using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chord.Grains.Index;

/// <summary>
/// Starts every index shard once the silo is active, and again every <see cref="ChordEngineOptions.ProbeInterval"/>
/// (at most every 10 s): a shard is what wakes its chords, so one whose silo died must come back without waiting
/// for a chord to call it. A start is one call per shard; an active shard answers it at once.
/// </summary>
internal sealed partial class IndexShardStarter(IGrainFactory grains, IOptions<ChordEngineOptions> options, ILogger<IndexShardStarter> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(IndexShardStarter), ServiceLifecycleStage.Active, StartAsync, StopAsync);

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
            await Task.WhenAll(Enumerable.Range(0, ChordIndexShards.Count).Select(StartShardAsync));
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Index shard {Shard} did not start; this silo tries again shortly.")]
    private static partial void LogStartFailed(ILogger logger, Exception exception, int shard);
}
