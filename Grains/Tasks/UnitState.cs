namespace Chord.Grains.Tasks;

/// <summary>
/// A task grain's durable record: which of its tasks started in runs that left no records (each marked before its
/// handler started), then the
/// records of every task of the unit once all reached a final state. Records up to
/// <see cref="UnitPages.MaxBytes"/> are stored here; a unit with more stores the rest as further pages
/// (<see cref="IUnitPageGrain"/>), written before this state, so a recorded unit always has all its pages.
/// </summary>
[GenerateSerializer, Alias("chord.UnitState")]
internal sealed class UnitState
{
    /// <summary>The unit's records (or their first page) when they are too large to pack, and in units of earlier releases.</summary>
    [Id(0)] public TaskRecord[]? Records { get; set; }

    /// <summary>
    /// The unit's records, or their first page when <see cref="PageStarts"/> is set, packed in Orleans' binary format
    /// (see <see cref="RecordPacker"/>); null when <see cref="Records"/> holds them.
    /// </summary>
    [Id(4)] public byte[]? Packed { get; set; }

    /// <summary>For a unit stored in pages: the position in the unit of each further page's first record.</summary>
    [Id(1)] public int[]? PageStarts { get; set; }

    /// <summary>What the unit reported, so a unit asked again re-reports without reading its pages (null in units recorded before it was kept).</summary>
    [Id(2)] public UnitReport? Report { get; set; }

    /// <summary>The most further pages any run of this unit set out to write (recorded before it writes them), so a purge finds them all.</summary>
    [Id(3)] public int PagesPlanned { get; set; }

    /// <summary>The chord's redrive its records belong to (0 before any redrive).</summary>
    [Id(5)] public int Generation { get; set; }

    /// <summary>
    /// Written by the previous release: runs of this unit for <see cref="RunsGeneration"/> that started a handler, one
    /// count for every task. Read as each task's count until the first run of this release replaces it with
    /// <see cref="StartedRuns"/> (<see cref="UnitLedger.Start"/>); 0 from then on.
    /// </summary>
    [Id(6)] public int RunsStarted { get; set; }

    /// <summary>The redrive <see cref="StartedRuns"/> counts runs of.</summary>
    [Id(7)] public int RunsGeneration { get; set; }

    /// <summary>
    /// By position in the unit: runs of <see cref="RunsGeneration"/> that started the task's handler, each marked
    /// before the handler started and cleared when the unit's records are written. A mark left behind is a run lost
    /// with its silo: the next run counts it as an attempt of that task (and only of tasks that had started).
    /// </summary>
    [Id(9)] public int[]? StartedRuns { get; set; }

    /// <summary>How many records the unit holds, its first page and further ones (0 in units of earlier releases).</summary>
    [Id(8)] public int RecordCount { get; set; }
}
