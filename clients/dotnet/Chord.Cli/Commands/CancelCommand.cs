using System.CommandLine;
using Chord.Cli.Output;

namespace Chord.Cli.Commands;

/// <summary><c>chord cancel ID</c>.</summary>
public static class CancelCommand
{
    public static Command Create(CommandRunner runner)
    {
        var id = CommandArguments.ChordId();
        var command = new Command("cancel", "Cancel a chord: pending tasks never start, running ones are cancelled, the body does not run.") { id };
        runner.Attach(command, async (parsed, context, cancellationToken) =>
        {
            var outcome = await context.Client.CancelAsync(parsed.GetValue(id)!, cancellationToken);
            context.Line(outcome.Message);
            context.Line(SnapshotText.Line(outcome.Chord));
            return ExitCodes.Succeeded;
        });
        return command;
    }
}
