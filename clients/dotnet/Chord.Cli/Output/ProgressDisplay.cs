using System.Globalization;
using Chord.Client;
using Spectre.Console;

namespace Chord.Cli.Output;

/// <summary>
/// Follows a chord until it is final: on a terminal a live progress bar with counts, rate, ETA and the body's state;
/// elsewhere a line per update. Returns the final snapshot.
/// </summary>
public static class ProgressDisplay
{
    public static async Task<ChordSnapshot> FollowAsync(CliContext context, string id, CancellationToken cancellationToken)
    {
        var final = context.Plain
            ? await FollowPlainAsync(context, id, cancellationToken)
            : await FollowLiveAsync(context, id, cancellationToken);
        final ??= await context.Client.GetAsync(id, cancellationToken); // the stream had nothing left to send
        if (!context.Plain)
        {
            context.Line(SnapshotText.Line(final));
        }

        foreach (var line in SnapshotText.Outcome(final))
        {
            context.Line(line);
        }

        return final;
    }

    private static async Task<ChordSnapshot?> FollowPlainAsync(CliContext context, string id, CancellationToken cancellationToken)
    {
        ChordSnapshot? last = null;
        await foreach (var snapshot in context.Client.WatchAsync(id, cancellationToken))
        {
            context.Line(SnapshotText.Line(snapshot));
            last = snapshot;
        }

        return last;
    }

    private static async Task<ChordSnapshot?> FollowLiveAsync(CliContext context, string id, CancellationToken cancellationToken)
    {
        ChordSnapshot? last = null;
        await context.Console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var bar = progress.AddTask(Markup.Escape(id), maxValue: 1);
                await foreach (var snapshot in context.Client.WatchAsync(id, cancellationToken))
                {
                    last = snapshot;
                    bar.MaxValue = Math.Max(1, snapshot.Tasks.Total);
                    bar.Value = snapshot.Tasks.Completed;
                    bar.Description = Describe(snapshot);
                    if (snapshot.IsFinal)
                    {
                        bar.StopTask();
                    }
                }
            });
        return last;
    }

    private static string Describe(ChordSnapshot s)
    {
        var colour = s.Status switch
        {
            ChordState.Succeeded => "green",
            ChordState.Failed => "red",
            ChordState.Cancelled or ChordState.Cancelling => "yellow",
            _ => "blue",
        };
        var eta = s.EtaSeconds is { } seconds && !s.IsFinal ? $" eta {SnapshotText.Duration(seconds)}" : "";
        var failed = s.Tasks.Failed > 0 ? $" [red]{s.Tasks.Failed} failed[/]" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"[{colour}]{CliJson.Name(s.Status)}[/] {s.Tasks.Completed}/{s.Tasks.Total}{failed} {s.TasksPerSecond:0.#}/s{eta} body {CliJson.Name(s.Body.Status)}");
    }
}
