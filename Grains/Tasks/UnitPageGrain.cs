using Chord.Grains.Storage;
using Chord.Grains.Telemetry;
using Orleans.Placement;

namespace Chord.Grains.Tasks;

/// <summary>
/// A page of a unit's records in storage. It lives only for the call that writes or reads it: a body or a listing
/// reading a million results does not keep their pages in memory. Placed with its caller, the unit that writes it.
/// </summary>
[PreferLocalPlacement]
internal sealed class UnitPageGrain(
    [PersistentState("page", StorageNames.Results)] IPersistentState<UnitPageState> page,
    RecordPacker packer,
    ChordMetrics metrics) : Grain, IUnitPageGrain
{
    public async Task WriteAsync(TaskRecord[] records)
    {
        (page.State.Packed, page.State.Records) = packer.Store(records);
        metrics.StorageWrite("page");
        await page.WriteOwnedStateAsync();
        DeactivateOnIdle();
    }

    public Task<TaskRecord[]> ReadAsync(int skip, int maxBytes)
    {
        DeactivateOnIdle();
        return Task.FromResult(UnitPages.Slice(packer.Load(page.State.Packed, page.State.Records) ?? [], skip, maxBytes));
    }

    public async Task PurgeAsync()
    {
        await page.ClearStateAsync();
        DeactivateOnIdle();
    }
}
