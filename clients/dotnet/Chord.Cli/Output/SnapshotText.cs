using System.Globalization;
using Chord.Client;

namespace Chord.Cli.Output;

/// <summary>A chord snapshot in a line or a few, for people and for logs.</summary>
public static class SnapshotText
{
    /// <summary>One line: state, counts, rate, ETA and the body's state.</summary>
    public static string Line(ChordSnapshot s)
    {
        var t = s.Tasks;
        var eta = s.EtaSeconds is { } seconds && !s.IsFinal ? $"  eta {Duration(seconds)}" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{s.Id}  {CliJson.Name(s.Status)}  {t.Completed}/{t.Total} done ({t.Succeeded} succeeded, {t.Failed} failed, {t.Cancelled} cancelled, {t.Running} running)  {s.TasksPerSecond:0.#} tasks/s{eta}  body {CliJson.Name(s.Body.Status)}");
    }

    /// <summary>The labels as <c>key=value</c>, sorted by key; empty when there are none.</summary>
    public static string Labels(ChordSnapshot s) =>
        string.Join(", ", (s.Labels ?? new Dictionary<string, string>()).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));

    /// <summary>The outcome after the line: the labels, the body's result, or why it failed.</summary>
    public static IEnumerable<string> Outcome(ChordSnapshot s)
    {
        if (s.Labels is { Count: > 0 })
        {
            yield return $"labels: {Labels(s)}";
        }

        if (s.Previous is { } previous)
        {
            yield return $"previous: {previous}";
        }

        if (s.Next is { } next)
        {
            yield return $"next: {next}";
        }

        if (s.HeldBy is { } limit)
        {
            yield return $"waiting on limit: {limit}";
        }

        if (s.ContinuationError is { } notContinued)
        {
            yield return $"not continued: {notContinued}";
        }

        if (s.Body.Result is { } result)
        {
            yield return $"result: {result.GetRawText()}";
        }

        if (s.Body.Error is { } error)
        {
            yield return $"body error: {error.Type}: {error.Message} (after {error.Attempts} attempts)";
        }

        foreach (var failure in s.Failures.Take(5))
        {
            yield return $"task {failure.Index} ({failure.Handler}) failed: {failure.Error.Type}: {failure.Error.Message}";
        }
    }

    public static string Duration(double seconds) => seconds switch
    {
        < 60 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0}s"),
        < 3600 => string.Create(CultureInfo.InvariantCulture, $"{(int)(seconds / 60)}m{(int)(seconds % 60):00}s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)(seconds / 3600)}h{(int)(seconds % 3600 / 60):00}m"),
    };
}
