using System.CommandLine;
using Chord.Cli.Output;
using Chord.Client;

namespace Chord.Cli.Commands;

/// <summary>
/// <c>chord redrive ID</c>: runs a failed or cancelled chord's failed and never-run tasks again, then its body.
/// Several ids, or the search options of <c>ls</c>, start a bulk redrive instead.
/// </summary>
public static class RedriveCommand
{
    public static Command Create(CommandRunner runner)
    {
        var bulk = new BulkOperations();
        var command = new Command("redrive", "Run a failed or cancelled chord again (its failed and never-run tasks, then the body); several chords, or those the options select, as one operation.");
        bulk.AddTo(command);
        runner.Attach(command, async (parsed, context, cancellationToken) =>
        {
            if (bulk.SingleChord(parsed) is not { } id)
            {
                return await bulk.RunAsync(parsed, context, OperationAction.Redrive, cancellationToken);
            }

            var snapshot = await context.Client.RedriveAsync(id, cancellationToken);
            context.Line(SnapshotText.Line(snapshot));
            return bulk.Watch(parsed) ? ExitCodes.Of(await ProgressDisplay.FollowAsync(context, snapshot.Id, cancellationToken)) : ExitCodes.Succeeded;
        });
        return command;
    }
}
