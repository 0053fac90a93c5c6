namespace Chord.Grains.Tasks;

/// <summary>
/// How a unit's records are cut into pages of bounded size, for storage and for every message that carries them:
/// a unit of many large results is stored as several pages, so no write, read or message holds more than a page.
/// </summary>
internal static class UnitPages
{
    /// <summary>The most one page of records may weigh (about, by <see cref="TaskRecord.ApproximateBytes"/>).</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    /// <summary>What <paramref name="records"/> weigh together, by <see cref="TaskRecord.ApproximateBytes"/>.</summary>
    public static long Weigh(IEnumerable<TaskRecord> records) => records.Sum(r => (long)r.ApproximateBytes);

    /// <summary>Cuts <paramref name="records"/> into consecutive pages of at most <see cref="MaxBytes"/> (at least one record each).</summary>
    public static List<TaskRecord[]> Split(TaskRecord[] records)
    {
        var pages = new List<TaskRecord[]>();
        for (var start = 0; start < records.Length;)
        {
            var page = Slice(records, start, MaxBytes);
            pages.Add(page);
            start += page.Length;
        }

        return pages;
    }

    /// <summary>
    /// The records from <paramref name="skip"/> on that fit in about <paramref name="maxBytes"/>: at least one while
    /// any is left, none when <paramref name="skip"/> is past the end.
    /// </summary>
    public static TaskRecord[] Slice(TaskRecord[] records, int skip, int maxBytes)
    {
        var start = Math.Max(skip, 0);
        var end = start;
        for (var bytes = 0; end < records.Length && (bytes == 0 || bytes + records[end].ApproximateBytes <= maxBytes); end++)
        {
            bytes += records[end].ApproximateBytes;
        }

        return start < end ? records[start..end] : [];
    }
}
