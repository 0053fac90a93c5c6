using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Chord.Api.Contracts;
using Chord.Api.Resilience;

namespace Chord.Api.Events;

/// <summary>
/// Turns chords' progress streams into server-sent events: <c>progress</c> on each change, <c>done</c> with the
/// final snapshot. A single chord's events carry its version as their <c>id</c>, and the first one the reconnection
/// delay (<c>retry</c>): a client that reconnects with <c>Last-Event-ID</c> gets only later versions. When a chord's
/// silo fails mid-stream the watch starts again and skips what was already sent (versions only grow), so a client
/// sees no gap and no step back.
/// </summary>
/// <remarks>
/// A stream ends when the API stops: an open page would otherwise hold the host's shutdown for its whole timeout
/// (30 s) and end in a forced stop. The browser's <c>EventSource</c> reconnects when the API is back.
/// </remarks>
public sealed partial class ChordEventStream(IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<ChordEventStream> logger)
{
    public const string ProgressEvent = "progress";
    public const string DoneEvent = "done";

    private static readonly TimeSpan RewatchDelay = TimeSpan.FromSeconds(1);
    private const int MaxRewatches = 60;

    /// <summary>
    /// One chord's events after version <paramref name="afterVersion"/> (-1: all), ending after <c>done</c>, or quietly
    /// when the API stops. <paramref name="retry"/> goes with the first event (null: none).
    /// </summary>
    public async IAsyncEnumerable<SseItem<ChordResponse>> WatchAsync(string id, TimeSpan interval, [EnumeratorCancellation] CancellationToken cancellationToken, long afterVersion = -1, TimeSpan? retry = null)
    {
        using var watch = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        await using var items = WatchUntilDoneAsync(id, interval, afterVersion, retry, watch.Token).GetAsyncEnumerator(watch.Token);
        while (true)
        {
            bool more;
            try
            {
                more = await items.MoveNextAsync();
            }
            catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                more = false;
            }

            if (!more)
            {
                yield break;
            }

            yield return items.Current;
        }
    }

    private async IAsyncEnumerable<SseItem<ChordResponse>> WatchUntilDoneAsync(string id, TimeSpan interval, long afterVersion, TimeSpan? retry, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = afterVersion;
        for (var rewatches = 0; rewatches <= MaxRewatches; rewatches++)
        {
            var snapshots = grains.GetGrain<IChordGrain>(id).WatchAsync(interval, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                while (true)
                {
                    var (next, failure) = await TryNextAsync(snapshots);
                    if (failure is not null)
                    {
                        // The chord's activation went away (its silo stopped, or it was deactivated): watch the new one.
                        if (failure is not EnumerationAbortedException && !TransientFailures.IsTransient(failure))
                        {
                            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
                        }

                        LogRewatch(logger, failure, id);
                        break;
                    }

                    if (next is null)
                    {
                        yield break;
                    }

                    if (next.Version <= seen)
                    {
                        continue;
                    }

                    seen = next.Version;
                    rewatches = 0; // it limits consecutive failures, not failovers over a long stream
                    yield return new SseItem<ChordResponse>(ChordResponse.From(next), next.IsFinal ? DoneEvent : ProgressEvent)
                    {
                        EventId = next.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ReconnectionInterval = retry,
                    };
                    retry = null;
                    if (next.IsFinal)
                    {
                        yield break;
                    }
                }
            }
            finally
            {
                await DisposeQuietlyAsync(snapshots);
            }

            await Task.Delay(RewatchDelay, cancellationToken);
        }
    }

    /// <summary>Several chords' events on one stream (a page needs one connection, not one per chord); ends when all are done.</summary>
    public async IAsyncEnumerable<SseItem<ChordResponse>> WatchAllAsync(IReadOnlyCollection<string> ids, TimeSpan interval, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Bounded: a slow reader holds the watches back, and each watch then skips to the chord's latest snapshot.
        var merged = Channel.CreateBounded<SseItem<ChordResponse>>(new BoundedChannelOptions(ids.Count * 2) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pumps = ids.Select(id => PumpAsync(id, interval, merged.Writer, stop.Token)).ToArray();
        _ = Task.WhenAll(pumps).ContinueWith(_ => merged.Writer.TryComplete(), TaskScheduler.Default);
        try
        {
            await foreach (var item in merged.Reader.ReadAllAsync(cancellationToken))
            {
                yield return item;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(pumps); // each watch closes its grain enumerator before the response ends
        }
    }

    private async Task PumpAsync(string id, TimeSpan interval, ChannelWriter<SseItem<ChordResponse>> writer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in WatchAsync(id, interval, cancellationToken))
            {
                // Without the chord's version as id: ids of several chords on one stream would resume none of them.
                await writer.WriteAsync(new SseItem<ChordResponse>(item.Data, item.EventType), cancellationToken);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // One chord's failure ends its part of the stream, not the others'.
            LogWatchFailed(logger, exception, id);
        }
    }

    private async Task DisposeQuietlyAsync(IAsyncEnumerator<ChordProgress> snapshots)
    {
        try
        {
            await snapshots.DisposeAsync();
        }
        catch (Exception exception)
        {
            // The silo that served the watch may be gone; there is nothing left to release.
            LogDisposeFailed(logger, exception);
        }
    }

    private static async Task<(ChordProgress? Next, Exception? Failure)> TryNextAsync(IAsyncEnumerator<ChordProgress> snapshots)
    {
        try
        {
            return await snapshots.MoveNextAsync() ? (snapshots.Current, null) : (null, null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return (null, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching chord {ChordId} failed; its events end.")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception, string chordId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Closing a progress watch failed.")]
    private static partial void LogDisposeFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching chord {ChordId} failed; watching again.")]
    private static partial void LogRewatch(ILogger logger, Exception exception, string chordId);
}
