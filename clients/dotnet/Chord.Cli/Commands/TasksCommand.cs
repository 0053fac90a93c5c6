using System.CommandLine;
using System.Globalization;
using Chord.Cli.Output;
using Chord.Client;
using Spectre.Console;

namespace Chord.Cli.Commands;

/// <summary><c>chord tasks ID</c>: a chord's tasks in index order, optionally in one state.</summary>
public static class TasksCommand
{
    public static Command Create(CommandRunner runner)
    {
        var id = CommandArguments.ChordId();
        var state = new Option<TaskState?>("--state") { Description = "Only tasks in this state (pending, queued, running, succeeded, failed, cancelled)." };
        var limit = new Option<int>("--limit") { Description = "Most tasks to show (0 for all).", DefaultValueFactory = _ => 50 };
        var json = CommandArguments.Json();
        var command = new Command("tasks", "List a chord's tasks.") { id, state, limit, json };
        runner.Attach(command, async (parsed, context, cancellationToken) =>
        {
            var most = parsed.GetValue(limit);
            var tasks = context.Client.ListTasksAsync(parsed.GetValue(id)!, parsed.GetValue(state), cancellationToken);
            var shown = await (most > 0 ? tasks.Take(most) : tasks).ToListAsync(cancellationToken);
            if (parsed.GetValue(json))
            {
                context.Line(CliJson.Write(shown));
                return ExitCodes.Succeeded;
            }

            var rows = shown.Select(t => (Index: t.Index.ToString(CultureInfo.InvariantCulture), t.Handler, State: CliJson.Name(t.State),
                Attempts: t.Attempts.ToString(CultureInfo.InvariantCulture), Outcome: t.Error is { } e ? $"{e.Type}: {e.Message}" : t.Result?.GetRawText() ?? ""));
            if (context.Plain)
            {
                foreach (var r in rows)
                {
                    context.Line($"{r.Index}\t{r.Handler}\t{r.State}\t{r.Attempts}\t{r.Outcome}");
                }

                return ExitCodes.Succeeded;
            }

            var table = new Table().AddColumns("index", "handler", "state", "attempts", "result or error");
            foreach (var r in rows)
            {
                table.AddRow(r.Index, Markup.Escape(r.Handler), r.State, r.Attempts, Markup.Escape(r.Outcome));
            }

            context.Console.Write(table);
            return ExitCodes.Succeeded;
        });
        return command;
    }
}
