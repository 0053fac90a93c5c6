namespace Chord.Grains.Tasks;

/// <summary>
/// A task grain's durable record, null until every task of the unit reached a final state. Records up to
/// <see cref="UnitPages.MaxBytes"/> are stored here; a unit with more stores the rest as further pages
/// (<see cref="IUnitPageGrain"/>), written before this state, so a recorded unit always has all its pages.
/// </summary>
[GenerateSerializer, Alias("chord.UnitState")]
internal sealed class UnitState
{
    /// <summary>The unit's records, or its first page of them when <see cref="PageStarts"/> is set.</summary>
    [Id(0)] public TaskRecord[]? Records { get; set; }

    /// <summary>For a unit stored in pages: the position in the unit of each further page's first record.</summary>
    [Id(1)] public int[]? PageStarts { get; set; }

    /// <summary>What the unit reported, so a unit asked again re-reports without reading its pages (null in units recorded before it was kept).</summary>
    [Id(2)] public UnitReport? Report { get; set; }

    /// <summary>The most further pages any run of this unit set out to write (recorded before it writes them), so a purge finds them all.</summary>
    [Id(3)] public int PagesPlanned { get; set; }
}
