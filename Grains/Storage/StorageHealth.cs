namespace Chord.Grains.Storage;

/// <summary>
/// Whether this silo reaches its grain storage, as its units' writes find it: since when writes have failed with no
/// success in between. A silo cut off from storage (while the other silos reach it, and it still answers theirs, so
/// the membership keeps it) reports itself failing, so no new unit is placed there, and its units give their runs
/// back after <see cref="ChordEngineOptions.StorageGiveUpAfter"/> rather than wait for storage with their work.
/// Real time: it measures infrastructure, not anything a chord records.
/// </summary>
internal sealed class StorageHealth(TimeProvider time)
{
    private long _failingSinceTicks = -1;

    /// <summary>A write reached storage.</summary>
    public void Succeeded() => Interlocked.Exchange(ref _failingSinceTicks, -1);

    /// <summary>A write failed; returns how long writes have been failing with no success in between.</summary>
    public TimeSpan Failed()
    {
        var now = time.GetUtcNow().UtcTicks;
        Interlocked.CompareExchange(ref _failingSinceTicks, now, -1);
        return FailingFor();
    }

    /// <summary>How long writes have been failing with no success in between; zero while they succeed.</summary>
    public TimeSpan FailingFor()
    {
        var since = Interlocked.Read(ref _failingSinceTicks);
        return since < 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Max(0, time.GetUtcNow().UtcTicks - since));
    }
}
