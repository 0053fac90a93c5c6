namespace Chord.Grains.Tasks;

/// <summary>
/// A task grain's durable record: how many of its runs started (written before a run's first handler), then the
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
    /// Runs of this unit for <see cref="RunsGeneration"/> that started a handler, each recorded before its first
    /// handler started. A run that started and left no records was interrupted (its silo died): every task it had not
    /// recorded counts it as an attempt.
    /// </summary>
    [Id(6)] public int RunsStarted { get; set; }

    /// <summary>The redrive <see cref="RunsStarted"/> counts runs of.</summary>
    [Id(7)] public int RunsGeneration { get; set; }

    /// <summary>How many records the unit holds, its first page and further ones (0 in units of earlier releases).</summary>
    [Id(8)] public int RecordCount { get; set; }
}
