using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;

namespace Chord.Api.Events;

/// <summary>
/// Keeps an event stream from going silent: a chord of minute-long tasks may not change for minutes, and proxies and
/// load balancers close a connection that carried nothing for a while (often 30–60 s). After <c>every</c> without an
/// event, a <c>ping</c> event with no data goes out: the bytes keep the connection open, an <c>EventSource</c> does not
/// even dispatch an event without data, and other clients skip events they do not know.
/// </summary>
public static class SseKeepAlive
{
    public const string PingEvent = "ping";

    public static async IAsyncEnumerable<SseItem<T?>> WithPings<T>(IAsyncEnumerable<SseItem<T>> items, TimeSpan every, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        await using var source = items.GetAsyncEnumerator(cancellationToken);
        var next = source.MoveNextAsync().AsTask();
        while (true)
        {
            using (var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                var silence = Task.Delay(every, quiet.Token);
                if (await Task.WhenAny(next, silence) != next)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return new SseItem<T?>(null, PingEvent);
                    continue;
                }

                await quiet.CancelAsync();
            }

            if (!await next)
            {
                yield break;
            }

            var item = source.Current;
            yield return new SseItem<T?>(item.Data, item.EventType) { EventId = item.EventId, ReconnectionInterval = item.ReconnectionInterval };
            next = source.MoveNextAsync().AsTask();
        }
    }
}
