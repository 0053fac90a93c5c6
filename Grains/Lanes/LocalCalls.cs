using System.Collections.Concurrent;

namespace Chord.Grains.Lanes;

/// <summary>
/// Links a caller to the heavy worker running its call: the caller's cancellation reaches the handler, and the
/// handler's heartbeats reach the caller. The worker is a stateless worker, so it always runs on the caller's silo,
/// and this per-silo registry can link the two directly. The grain call itself carries no token: it must last until
/// the handler has really stopped, or the caller would give its permit back while the worker is still busy, and the
/// next call would wait in the worker's inbox.
/// </summary>
internal sealed class LocalCalls
{
    private readonly ConcurrentDictionary<Guid, Entry> _calls = new();

    /// <summary>
    /// Opens an entry for a call: it is cancelled when <paramref name="cancellationToken"/> is, and its heartbeats go
    /// to <paramref name="heartbeats"/>.
    /// </summary>
    public Registration Open(Guid callId, CancellationToken cancellationToken, UnitHeartbeats? heartbeats = null)
    {
        var entry = _calls.GetOrAdd(callId, _ => new Entry(new CancellationTokenSource(), heartbeats));
        var link = cancellationToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), entry.Cancellation);
        return new Registration(this, callId, link);
    }

    /// <summary>The token of an open call (none when the call came from elsewhere).</summary>
    public CancellationToken TokenOf(Guid callId) => _calls.TryGetValue(callId, out var entry) ? entry.Cancellation.Token : CancellationToken.None;

    /// <summary>Where an open call's heartbeats go (nowhere when the call came from elsewhere or is a body's).</summary>
    public UnitHeartbeats? HeartbeatsOf(Guid callId) => _calls.TryGetValue(callId, out var entry) ? entry.Heartbeats : null;

    private void Close(Guid callId)
    {
        if (_calls.TryRemove(callId, out var entry))
        {
            entry.Cancellation.Dispose();
        }
    }

    private sealed record Entry(CancellationTokenSource Cancellation, UnitHeartbeats? Heartbeats);

    /// <summary>Closes the entry when disposed.</summary>
    public readonly struct Registration(LocalCalls owner, Guid callId, CancellationTokenRegistration link) : IDisposable
    {
        public void Dispose()
        {
            link.Dispose();
            owner.Close(callId);
        }
    }
}
