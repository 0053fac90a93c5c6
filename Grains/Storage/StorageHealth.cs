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

    /// <summary>
    /// A write was given up after <paramref name="waited"/> without an answer (storage cut off): writes count as
    /// failing since it began, so the writes queued behind it give up at once instead of each waiting as long.
    /// </summary>
    public TimeSpan Hung(TimeSpan waited)
    {
        var began = time.GetUtcNow().UtcTicks - waited.Ticks;
        for (var since = Interlocked.Read(ref _failingSinceTicks); since < 0 || since > began; since = Interlocked.Read(ref _failingSinceTicks))
        {
            if (Interlocked.CompareExchange(ref _failingSinceTicks, began, since) == since)
            {
                break;
            }
        }

        return FailingFor();
    }

    /// <summary>
    /// How long the next try of a write may wait for storage before it is given up: what is left of
    /// <paramref name="giveUp"/> since writes began to fail, but never less than <see cref="ShortestTry"/>, so that
    /// a silo whose storage came back finds out with its next write.
    /// </summary>
    public TimeSpan TryBudget(TimeSpan giveUp)
    {
        var left = giveUp - FailingFor();
        return left < ShortestTry ? ShortestTry : left;
    }

    /// <summary>
    /// One try of a write, given what is left of <paramref name="giveUp"/> (<see cref="TryBudget"/>). A silo cut off
    /// from storage does not see its writes fail: each try of the storage client waits out its network timeout. A
    /// write that hangs that long is as good as failed: it throws <see cref="TimeoutException"/>, and writes count as
    /// failing since it began. Not cancellable: a write under way lands (or gives up) first. It may still land
    /// later, which the next activation's ETag check absorbs.
    /// </summary>
    public async Task WithinGiveUpAsync(Task write, TimeSpan giveUp)
    {
        var budget = TryBudget(giveUp);
        try
        {
            await write.WaitAsync(budget);
        }
        catch (TimeoutException)
        {
            Hung(budget);
            throw;
        }
    }

    /// <summary>
    /// A state read on demand (<see cref="StateOnDemand{T}"/>), which stands where an activation's read stood: given
    /// up as a write is (<see cref="WithinGiveUpAsync"/>), and its outcome counts as a write's does, so a silo cut
    /// off from storage still finds out, and leaves in time, while its grains only read.
    /// </summary>
    public async Task ReadWithinGiveUpAsync(Task read, TimeSpan giveUp)
    {
        try
        {
            await WithinGiveUpAsync(read, giveUp);
            Succeeded();
        }
        catch (Exception exception) when (exception is not TimeoutException)
        {
            Failed();
            throw;
        }
    }

    /// <summary>The least a write is given once writes have failed for longer than the give-up.</summary>
    public static readonly TimeSpan ShortestTry = TimeSpan.FromSeconds(1);

    /// <summary>How long writes have been failing with no success in between; zero while they succeed.</summary>
    public TimeSpan FailingFor()
    {
        var since = Interlocked.Read(ref _failingSinceTicks);
        return since < 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Max(0, time.GetUtcNow().UtcTicks - since));
    }
}
