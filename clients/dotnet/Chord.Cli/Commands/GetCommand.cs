using System.CommandLine;
using Chord.Cli.Output;

namespace Chord.Cli.Commands;

/// <summary><c>chord get ID</c>: a chord's snapshot.</summary>
public static class GetCommand
{
    public static Command Create(CommandRunner runner)
    {
        var id = CommandArguments.ChordId();
        var json = CommandArguments.Json();
        var command = new Command("get", "A chord's state, counts, body and result.") { id, json };
        runner.Attach(command, async (parsed, context, cancellationToken) =>
        {
            var snapshot = await context.Client.GetAsync(parsed.GetValue(id)!, cancellationToken);
            if (parsed.GetValue(json))
            {
                context.Line(CliJson.Write(snapshot));
                return ExitCodes.Succeeded;
            }

            context.Line(SnapshotText.Line(snapshot));
            foreach (var line in SnapshotText.Outcome(snapshot))
            {
                context.Line(line);
            }

            return ExitCodes.Succeeded;
        });
        return command;
    }
}
