namespace Chord.Grains.Lanes;

/// <summary>A lane's permits on this silo, handed out in arrival order; work waits here, under our control.</summary>
internal abstract class LanePermits(int count) : IDisposable
{
    private readonly SemaphoreSlim _permits = new(count, count);

    /// <summary>Waits for a permit; dispose the result to give it back.</summary>
    public async ValueTask<Permit> AcquireAsync(CancellationToken cancellationToken)
    {
        await _permits.WaitAsync(cancellationToken);
        return new Permit(_permits);
    }

    public void Dispose() => _permits.Dispose();

    /// <summary>One held permit (the default one holds nothing).</summary>
    public readonly struct Permit(SemaphoreSlim? permits) : IDisposable
    {
        public void Dispose() => permits?.Release();
    }
}
