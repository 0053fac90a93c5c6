using System.CommandLine;
using System.Globalization;
using Chord.Cli.Output;
using Chord.Client;
using Spectre.Console;

namespace Chord.Cli.Commands;

/// <summary><c>chord ls</c>: chords, newest first, optionally in one state; pages are fetched until <c>--limit</c>.</summary>
public static class ListCommand
{
    public static Command Create(CommandRunner runner)
    {
        var filter = new ChordFilterOptions();
        var limit = new Option<int>("--limit") { Description = "Most chords to show (0 for all).", DefaultValueFactory = _ => 20 };
        var json = CommandArguments.Json();
        var command = new Command("ls", "Search every retained chord, newest first.");
        filter.AddTo(command);
        command.Options.Add(limit);
        command.Options.Add(json);
        runner.Attach(command, async (parsed, context, cancellationToken) =>
        {
            var most = parsed.GetValue(limit);
            var chords = context.Client.SearchAsync(filter.Read(parsed), cancellationToken);
            var shown = await (most > 0 ? chords.Take(most) : chords).ToListAsync(cancellationToken);
            if (parsed.GetValue(json))
            {
                context.Line(CliJson.Write(shown));
            }
            else if (context.Plain)
            {
                shown.ForEach(chord => context.Line(SnapshotText.Line(chord)));
            }
            else
            {
                var table = new Table().AddColumns("id", "status", "done", "failed", "body", "created", "labels");
                foreach (var c in shown)
                {
                    table.AddRow(Markup.Escape(c.Id), CliJson.Name(c.Status), $"{c.Tasks.Completed}/{c.Tasks.Total}",
                        c.Tasks.Failed.ToString(CultureInfo.InvariantCulture), CliJson.Name(c.Body.Status), c.CreatedAt.ToString("u", CultureInfo.InvariantCulture),
                        Markup.Escape(SnapshotText.Labels(c)));
                }

                context.Console.Write(table);
            }

            return ExitCodes.Succeeded;
        });
        return command;
    }
}
