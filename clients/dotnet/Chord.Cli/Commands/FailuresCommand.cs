using System.CommandLine;
using System.Globalization;
using Chord.Cli.Output;
using Chord.Client;
using Spectre.Console;

namespace Chord.Cli.Commands;

/// <summary><c>chord failures</c>: failed tasks of every retained chord, by handler and error type.</summary>
public static class FailuresCommand
{
    public static Command Create(CommandRunner runner)
    {
        var since = new Option<DateTimeOffset?>("--since") { Description = "Of chords created at or after this time." };
        var handler = new Option<string?>("--handler") { Description = "Only this handler's failures." };
        var errorType = new Option<string?>("--error-type") { Description = "Only this error type (e.g. Timeout)." };
        var labels = CommandArguments.Labels("Only chords with this label.");
        var json = CommandArguments.Json();
        var command = new Command("failures", "Failed tasks of every retained chord, grouped by handler and error type, most first.") { since, handler, errorType, labels, json };
        runner.Attach(command, async (parsed, context, cancellationToken) =>
        {
            var groups = await context.Client.GetFailuresAsync(new FailureFilter
            {
                Since = parsed.GetValue(since),
                Handler = parsed.GetValue(handler),
                ErrorType = parsed.GetValue(errorType),
                Labels = CommandArguments.ParseLabels(parsed.GetValue(labels)),
            }, cancellationToken);
            if (parsed.GetValue(json))
            {
                context.Line(CliJson.Write(groups));
                return ExitCodes.Succeeded;
            }

            if (context.Plain)
            {
                foreach (var g in groups)
                {
                    context.Line(string.Create(CultureInfo.InvariantCulture,
                        $"{g.Handler}\t{g.ErrorType}\t{g.Count} tasks\t{g.Chords} chords\tlatest {string.Join(",", g.Latest.Select(c => c.Id))}\t{g.Sample?.Message}"));
                }

                return ExitCodes.Succeeded;
            }

            var table = new Table().AddColumns("handler", "error", "tasks", "chords", "latest", "sample");
            foreach (var g in groups)
            {
                table.AddRow(Markup.Escape(g.Handler), Markup.Escape(g.ErrorType), g.Count.ToString("N0", CultureInfo.InvariantCulture), g.Chords.ToString("N0", CultureInfo.InvariantCulture),
                    Markup.Escape(string.Join(", ", g.Latest.Take(3).Select(c => c.Id))), Markup.Escape(g.Sample?.Message ?? ""));
            }

            context.Console.Write(table);
            return ExitCodes.Succeeded;
        });
        return command;
    }
}
