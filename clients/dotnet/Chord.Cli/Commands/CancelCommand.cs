using System.CommandLine;
using Chord.Cli.Output;
using Chord.Client;

namespace Chord.Cli.Commands;

/// <summary><c>chord cancel ID</c>; several ids, or the search options of <c>ls</c>, start a bulk cancel instead.</summary>
public static class CancelCommand
{
    public static Command Create(CommandRunner runner)
    {
        var bulk = new BulkOperations();
        var command = new Command("cancel", "Cancel a chord: pending tasks never start, running ones are cancelled, the body does not run; several chords, or those the options select, as one operation.");
        bulk.AddTo(command);
        runner.Attach(command, async (parsed, context, cancellationToken) =>
        {
            if (bulk.SingleChord(parsed) is not { } id)
            {
                return await bulk.RunAsync(parsed, context, OperationAction.Cancel, cancellationToken);
            }

            var outcome = await context.Client.CancelAsync(id, cancellationToken);
            context.Line(outcome.Message);
            context.Line(SnapshotText.Line(outcome.Chord));
            return bulk.Watch(parsed) ? ExitCodes.Of(await ProgressDisplay.FollowAsync(context, id, cancellationToken)) : ExitCodes.Succeeded;
        });
        return command;
    }
}
