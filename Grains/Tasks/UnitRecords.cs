using System.Globalization;

namespace Chord.Grains.Tasks;

/// <summary>
/// Where a unit's records live: up to a page (<see cref="UnitPages.MaxBytes"/>) in the unit's own state, the rest as
/// further pages, each a <see cref="IUnitPageGrain"/> (<c>{unit}/{page}</c>, and <c>/{drive}</c> after a redrive: a
/// lost write must not overwrite the pages a later run reads back). Writing plans the pages first, writes them, then
/// the unit's state with the first page and where the others start, so a recorded unit always has all its pages.
/// </summary>
internal sealed class UnitRecords(IPersistentState<UnitState> unit, RecordPacker packer, IGrainFactory grains, string unitKey, Func<Task> commit)
{
    private TaskRecord[]? _firstPage;

    /// <summary>The recorded records (their first page in a unit stored in pages); null until the unit recorded any.</summary>
    public TaskRecord[]? FirstPage => _firstPage ??= packer.Load(unit.State.Packed, unit.State.Records);

    /// <summary>How many records the unit holds (from its report in units recorded before the count was kept).</summary>
    public int Count => unit.State.RecordCount > 0 || unit.State.Report is not { } report
        ? unit.State.RecordCount
        : report.Succeeded + report.Failed + report.Cancelled;

    /// <summary>
    /// A page of the records from the <paramref name="skip"/>-th on, within about <paramref name="maxBytes"/> and one
    /// stored page; <c>End</c> when it reaches the last record.
    /// </summary>
    public async Task<(TaskRecord[] Records, bool End)> ReadAsync(int skip, int maxBytes)
    {
        var first = FirstPage ?? [];
        if (unit.State.PageStarts is not { Length: > 0 } starts || skip < first.Length)
        {
            var page = UnitPages.Slice(first, skip, maxBytes);
            return (page, unit.State.PageStarts is null && Math.Max(skip, 0) + page.Length >= first.Length);
        }

        var last = Array.FindLastIndex(starts, start => start <= skip);
        var records = await PageOf(unit.State.Generation, last + 1).ReadAsync(skip - starts[last], maxBytes);
        return (records, records.Length == 0 || (last == starts.Length - 1 && skip + records.Length >= Count));
    }

    /// <summary>Every record of the unit, from its first page and its further ones.</summary>
    public async Task<TaskRecord[]> ReadAllAsync()
    {
        if (FirstPage is not { } first || unit.State.PageStarts is not { Length: > 0 } starts)
        {
            return FirstPage ?? [];
        }

        var all = new List<TaskRecord>(first);
        for (var page = 1; page <= starts.Length; page++)
        {
            all.AddRange(await PageOf(unit.State.Generation, page).ReadAsync(0, int.MaxValue));
        }

        return [.. all];
    }

    /// <summary>
    /// Stores <paramref name="records"/> of drive <paramref name="generation"/> with their <paramref name="report"/>:
    /// records how many further pages there will be (when more than any run planned before), writes them, then the
    /// unit's state. Until that last write lands the unit counts as not run; running it again writes its pages again.
    /// </summary>
    public async Task WriteAsync(TaskRecord[] records, UnitReport report, int generation, Func<Func<Task>, Task> untilDone)
    {
        var pages = UnitPages.Split(records);
        var starts = new int[pages.Count - 1];
        for (int page = 0, start = 0; page < starts.Length; page++)
        {
            start += pages[page].Length;
            starts[page] = start;
        }

        if (starts.Length > unit.State.PagesPlanned)
        {
            unit.State.PagesPlanned = starts.Length;
            await untilDone(commit);
        }

        await ForEachPageAsync(starts.Length, page => untilDone(() => PageOf(generation, page).WriteAsync(pages[page])));
        (unit.State.Packed, unit.State.Records) = packer.Store(pages[0]);
        unit.State.PageStarts = starts.Length > 0 ? starts : null;
        unit.State.Report = report;
        unit.State.Generation = generation;
        unit.State.RecordCount = records.Length;
        UnitLedger.Recorded(unit.State);
        await untilDone(commit);
        _firstPage = pages[0];
    }

    /// <summary>Forgets the records: every page any drive set out to write, then the unit's state.</summary>
    public async Task PurgeAsync()
    {
        var pages = Math.Max(unit.State.PagesPlanned, unit.State.PageStarts?.Length ?? 0);
        for (var generation = 0; generation <= Math.Max(unit.State.Generation, unit.State.RunsGeneration); generation++)
        {
            var of = generation;
            await ForEachPageAsync(pages, page => PageOf(of, page).PurgeAsync());
        }

        await unit.ClearStateAsync();
        _firstPage = null;
    }

    /// <summary>Runs <paramref name="action"/> on further pages 1 to <paramref name="pages"/>, a few at a time, so a unit of many pages does not load them all at once.</summary>
    private static async Task ForEachPageAsync(int pages, Func<int, Task> action)
    {
        const int AtOnce = 4;
        for (var first = 1; first <= pages; first += AtOnce)
        {
            await Task.WhenAll(Enumerable.Range(first, Math.Min(AtOnce, pages - first + 1)).Select(action));
        }
    }

    /// <summary>Page <paramref name="page"/> as written by drive <paramref name="generation"/> (the first drive's keep the key they always had).</summary>
    private IUnitPageGrain PageOf(int generation, int page)
    {
        var key = string.Concat(unitKey, "/", page.ToString(CultureInfo.InvariantCulture));
        return grains.GetGrain<IUnitPageGrain>(generation == 0 ? key : string.Concat(key, "/", generation.ToString(CultureInfo.InvariantCulture)));
    }
}
