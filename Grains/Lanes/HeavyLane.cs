using Microsoft.Extensions.Options;

namespace Chord.Grains.Lanes;

/// <summary>
/// The per-silo queue in front of the heavy worker: K permits, handed out in arrival order. Heavy work waits here,
/// under our control, instead of in the worker's inbox where a request older than the response timeout expires.
/// </summary>
internal sealed class HeavyLane(IOptions<ChordEngineOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _permits = new(options.Value.HeavyConcurrency, options.Value.HeavyConcurrency);

    /// <summary>Waits for a permit; dispose the result to give it back.</summary>
    public async ValueTask<Permit> AcquireAsync(CancellationToken cancellationToken)
    {
        await _permits.WaitAsync(cancellationToken);
        return new Permit(_permits);
    }

    public void Dispose() => _permits.Dispose();

    /// <summary>One held permit.</summary>
    public readonly struct Permit(SemaphoreSlim permits) : IDisposable
    {
        public void Dispose() => permits.Release();
    }
}
