using System.CommandLine;
using System.Globalization;
using Chord.Cli.Output;
using Spectre.Console;

namespace Chord.Cli.Commands;

/// <summary><c>chord operation [ID]</c>: a bulk operation (followed with <c>--watch</c>), or the newest ones.</summary>
public static class OperationCommand
{
    public static Command Create(CommandRunner runner)
    {
        var id = new Argument<string?>("id") { Description = "The operation's id; leave out to list the newest.", Arity = ArgumentArity.ZeroOrOne };
        var watch = new Option<bool>("--watch") { Description = "Follow it until it completes; exit 0, or 1 if it failed on any chord." };
        var limit = new Option<int>("--limit") { Description = "Most operations to list (at most 100).", DefaultValueFactory = _ => 20 };
        var json = CommandArguments.Json();
        var command = new Command("operation", "Show a bulk redrive or cancel: chords matched, done, skipped (with why) and failed; without an id, the newest.") { id, watch, limit, json };
        runner.Attach(command, async (parsed, context, cancellationToken) =>
        {
            if (parsed.GetValue(id) is { } operationId)
            {
                var operation = await context.Client.GetOperationAsync(operationId, cancellationToken);
                return await BulkOperations.ShowAsync(context, operation, parsed.GetValue(watch), parsed.GetValue(json), cancellationToken);
            }

            var operations = await context.Client.ListOperationsAsync(parsed.GetValue(limit), cancellationToken);
            if (parsed.GetValue(json))
            {
                context.Line(CliJson.Write(operations));
            }
            else if (context.Plain)
            {
                foreach (var o in operations)
                {
                    context.Line(OperationText.Line(o));
                }
            }
            else
            {
                var table = new Table().AddColumns("id", "action", "status", "matched", "done", "skipped", "failed", "created");
                foreach (var o in operations)
                {
                    table.AddRow(Markup.Escape(o.Id), CliJson.Name(o.Action), CliJson.Name(o.Status), Count(o.Matched), Count(o.Done), Count(o.Skipped), Count(o.Failed),
                        o.CreatedAt.ToString("u", CultureInfo.InvariantCulture));
                }

                context.Console.Write(table);
            }

            return ExitCodes.Succeeded;
        });
        return command;
    }

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
