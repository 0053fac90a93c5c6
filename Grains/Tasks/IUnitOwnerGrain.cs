namespace Chord.Grains.Tasks;

/// <summary>
/// The grain that owns a unit (its chord, key = chord id): a task grain reports there when its tasks are final.
/// Declared here, beside its caller, so task units do not depend on the chord that implements it.
/// </summary>
[Alias("chord.IUnitOwnerGrain")]
internal interface IUnitOwnerGrain : IGrainWithStringKey
{
    /// <summary>
    /// A unit of tasks has reached final states. Counted once per unit, however often it is reported. Reports
    /// interleave, so those that arrive while the chord writes are written together by its next write.
    /// </summary>
    [AlwaysInterleave, Alias("OnUnitCompleted")]
    Task OnUnitCompletedAsync(UnitReport report);

    /// <summary>
    /// A unit's activation stopped cleanly before it recorded its run (its silo is shutting down): the chord sends it
    /// again now, to a silo that stays, instead of after a probe interval. Ignored for a unit not in flight or of
    /// another redrive.
    /// </summary>
    [AlwaysInterleave, Alias("OnUnitHandedBack")]
    Task OnUnitHandedBackAsync(int unitIndex, int generation);

    /// <summary>
    /// How many of a running unit's tasks are queued and running now. Best effort (one-way): it only splits the
    /// chord's open tasks into pending, queued and running, and the unit's report settles them all.
    /// </summary>
    [OneWay, AlwaysInterleave, Alias("OnUnitActivity")]
    Task OnUnitActivityAsync(UnitActivity activity);
}
