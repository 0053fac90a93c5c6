using System.CommandLine;
using System.Globalization;
using Chord.Cli.Output;
using Chord.Client;
using Spectre.Console;

namespace Chord.Cli.Commands;

/// <summary><c>chord cluster</c>: the silos and their load; <c>--watch</c> keeps the table live.</summary>
public static class ClusterCommand
{
    public static Command Create(CommandRunner runner)
    {
        var watch = new Option<bool>("--watch") { Description = "Refresh every --interval until Ctrl+C." };
        var interval = new Option<double>("--interval") { Description = "Seconds between refreshes with --watch.", DefaultValueFactory = _ => 1 };
        var json = CommandArguments.Json();
        var command = new Command("cluster", "The silos (status, uptime) and, per silo, the heavy-lane limit, running, queued and tasks per second.") { watch, interval, json };
        runner.Attach(command, async (parsed, context, cancellationToken) =>
        {
            var every = TimeSpan.FromSeconds(Math.Max(0.1, parsed.GetValue(interval)));
            var cluster = await context.Client.GetClusterAsync(cancellationToken);
            if (parsed.GetValue(json))
            {
                context.Line(CliJson.Write(cluster));
                return ExitCodes.Succeeded;
            }

            if (!parsed.GetValue(watch))
            {
                Show(context, cluster);
                return ExitCodes.Succeeded;
            }

            if (context.Plain)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    Show(context, cluster);
                    await Task.Delay(every, cancellationToken);
                    cluster = await context.Client.GetClusterAsync(cancellationToken);
                }

                return ExitCodes.Succeeded;
            }

            await context.Console.Live(Table(cluster)).StartAsync(async live =>
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    await Task.Delay(every, cancellationToken);
                    live.UpdateTarget(Table(await context.Client.GetClusterAsync(cancellationToken)));
                }
            });
            return ExitCodes.Succeeded;
        });
        return command;
    }

    private static void Show(CliContext context, ClusterSnapshot cluster)
    {
        if (!context.Plain)
        {
            context.Console.Write(Table(cluster));
            return;
        }

        foreach (var s in cluster.Silos)
        {
            context.Line(string.Create(CultureInfo.InvariantCulture, $"{s.Address}\t{s.Status}\tup {SnapshotText.Duration(s.UptimeSeconds)}\tK {s.HeavyLimit}\trunning {s.Running}\tqueued {s.Queued}\t{s.TasksPerSecond:0.#} tasks/s"));
        }

        var t = cluster.Totals;
        context.Line(string.Create(CultureInfo.InvariantCulture, $"total\t{t.ActiveSilos} active\tK {t.HeavyLimit}\trunning {t.Running}\tqueued {t.Queued}\t{t.TasksPerSecond:0.#} tasks/s"));
        foreach (var (kind, l) in Limits(cluster))
        {
            context.Line(string.Create(CultureInfo.InvariantCulture, $"{kind} {l.Name}\tmax {l.MaxRunning?.ToString(CultureInfo.InvariantCulture) ?? "-"}\trate {l.RatePerSecond?.ToString("0.#", CultureInfo.InvariantCulture) ?? "-"}/s\trunning {l.Running}\twaiting {l.Waiting}\t{l.StartsPerSecond:0.#} starts/s"));
        }
    }

    private static IEnumerable<(string Kind, LimitUsage Limit)> Limits(ClusterSnapshot cluster) =>
        (cluster.Keys ?? []).Select(l => ("key", l)).Concat((cluster.Handlers ?? []).Select(l => ("handler", l)));

    private static Table Table(ClusterSnapshot cluster)
    {
        var table = new Table().AddColumns("silo", "status", "uptime", "K", "running", "queued", "abandoned", "tasks/s");
        string N(int? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "-";
        foreach (var s in cluster.Silos)
        {
            table.AddRow(Markup.Escape(s.Address), s.Status, SnapshotText.Duration(s.UptimeSeconds), N(s.HeavyLimit), N(s.Running), N(s.Queued), N(s.Abandoned),
                s.TasksPerSecond?.ToString("0.#", CultureInfo.InvariantCulture) ?? "-");
        }

        var t = cluster.Totals;
        table.AddRow($"[bold]{t.ActiveSilos} active[/]", "", "", N(t.HeavyLimit), N(t.Running), N(t.Queued), N(t.Abandoned), t.TasksPerSecond.ToString("0.#", CultureInfo.InvariantCulture));
        foreach (var (kind, l) in Limits(cluster))
        {
            // A limit's row: its maximum where K is, its rate in the tasks/s column's place beside what it starts.
            table.AddRow(Markup.Escape($"{kind} {l.Name}"), "limit", "", N(l.MaxRunning), N(l.Running), N(l.Waiting), "",
                $"{l.StartsPerSecond.ToString("0.#", CultureInfo.InvariantCulture)} (max {l.RatePerSecond?.ToString("0.#", CultureInfo.InvariantCulture) ?? "-"})");
        }

        return table;
    }
}
