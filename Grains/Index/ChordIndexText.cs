namespace Chord.Grains.Index;

/// <summary>
/// A chord's labels and handlers as one text each in its index row: every item framed by a separator that no label
/// or handler holds (labels have no control characters, handlers are names), so a search is a substring test with no
/// parsing, and rows that say the same are equal strings.
/// </summary>
internal static class ChordIndexText
{
    private const char Item = '\u001e';
    private const char Pair = '\u001f';

    /// <summary>The labels, sorted by key; null when there are none.</summary>
    public static string? OfLabels(IReadOnlyDictionary<string, string>? labels) =>
        labels is not { Count: > 0 } ? null : Item + string.Concat(labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}{Pair}{l.Value}{Item}"));

    /// <summary>The handlers (tasks' and body's), each once; null when there are none.</summary>
    public static string? OfHandlers(IEnumerable<string> handlers)
    {
        var distinct = handlers.Where(h => h.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        return distinct.Length == 0 ? null : Item + string.Concat(distinct.Select(h => h + Item));
    }

    /// <summary>The failure counts, <c>handler·type·count</c> per group; null when there are none.</summary>
    public static string? OfFailures(IReadOnlyList<FailureGroup> groups) =>
        groups.Count == 0 ? null : Item + string.Concat(groups.Select(g => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{g.Handler}{Pair}{g.ErrorType}{Pair}{g.Count}{Item}")));

    /// <summary>The groups of <see cref="OfFailures"/> read back: handler, error type and count.</summary>
    public static IEnumerable<(string Handler, string ErrorType, int Count)> FailuresOf(string? text)
    {
        foreach (var item in (text ?? "").Split(Item, StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = item.Split(Pair);
            if (parts.Length == 3 && int.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count))
            {
                yield return (parts[0], parts[1], count);
            }
        }
    }

    public static bool Matches(ChordIndexRow row, ChordIndexQuery query) => Matcher(query)(row);

    /// <summary>The test of <paramref name="query"/>, its framed texts made once: a search runs it over many rows.</summary>
    public static Func<ChordIndexRow, bool> Matcher(ChordIndexQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var handler = query.Handler is { } name ? Item + name + Item : null;
        var labels = query.Labels?.Select(l => $"{Item}{l.Key}{Pair}{l.Value}{Item}").ToArray() ?? [];
        var (status, after, before) = (query.Status, query.CreatedAfter, query.CreatedBefore);
        return row =>
            (status is null || row.Status == status)
            && (after is null || row.CreatedAt >= after)
            && (before is null || row.CreatedAt < before)
            && (handler is null || (row.Handlers?.Contains(handler, StringComparison.Ordinal) ?? false))
            && (labels.Length == 0 || (row.Labels is { } text && labels.All(label => text.Contains(label, StringComparison.Ordinal))));
    }
}
