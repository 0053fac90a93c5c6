using Microsoft.Extensions.Options;

namespace Chord.Grains.Lanes;

/// <summary>
/// Units of light tasks running at once on this silo (<c>LightConcurrency</c>, one less than the cores by default):
/// light work never takes every core, so progress reads and the silo's own messaging stay quick while a big chord
/// of light tasks runs. Permits go in arrival order; work waits here, under our control.
/// </summary>
internal sealed class LightLane(IOptions<ChordEngineOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _permits = new(options.Value.LightConcurrency, options.Value.LightConcurrency);

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
