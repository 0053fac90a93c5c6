using System.Collections.Concurrent;

namespace Chord.Grains.Lanes;

/// <summary>
/// Carries a caller's cancellation to the heavy worker running its call. The worker is a stateless worker, so it
/// always runs on the caller's silo, and this per-silo registry can link the two directly. The grain call itself
/// carries no token: it must last until the handler has really stopped, or the caller would give its permit back
/// while the worker is still busy, and the next call would wait in the worker's inbox.
/// </summary>
internal sealed class LocalCancellations
{
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _calls = new();

    /// <summary>Opens an entry for a call and cancels it when <paramref name="cancellationToken"/> is cancelled.</summary>
    public Registration Open(Guid callId, CancellationToken cancellationToken)
    {
        var source = _calls.GetOrAdd(callId, _ => new CancellationTokenSource());
        var link = cancellationToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), source);
        return new Registration(this, callId, link);
    }

    /// <summary>The token of an open call (none when the call came from elsewhere).</summary>
    public CancellationToken TokenOf(Guid callId) => _calls.TryGetValue(callId, out var source) ? source.Token : CancellationToken.None;

    private void Close(Guid callId)
    {
        if (_calls.TryRemove(callId, out var source))
        {
            source.Dispose();
        }
    }

    /// <summary>Closes the entry when disposed.</summary>
    public readonly struct Registration(LocalCancellations owner, Guid callId, CancellationTokenRegistration link) : IDisposable
    {
        public void Dispose()
        {
            link.Dispose();
            owner.Close(callId);
        }
    }
}
