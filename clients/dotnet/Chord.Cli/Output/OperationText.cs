using System.Globalization;
using Chord.Client;

namespace Chord.Cli.Output;

/// <summary>A bulk operation in a line: what it does, how far it got, and why chords were skipped.</summary>
public static class OperationText
{
    public static string Line(OperationSnapshot o)
    {
        var reasons = o.SkipReasons.Count > 0
            ? " (" + string.Join(", ", o.SkipReasons.OrderByDescending(r => r.Value).Select(r => $"{r.Key} {r.Value}")) + ")"
            : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{o.Id}  {CliJson.Name(o.Action)}  {CliJson.Name(o.Status)}  matched {o.Matched}  done {o.Done}  skipped {o.Skipped}{reasons}  failed {o.Failed}");
    }

    /// <summary>After the line of a completed operation: the chords it failed on, a few.</summary>
    public static IEnumerable<string> Outcome(OperationSnapshot o) =>
        o.Failures.Take(5).Select(f => $"failed on {f.ChordId}: {f.Reason}: {f.Message}");
}
