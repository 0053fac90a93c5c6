using System.CommandLine;
using Chord.Cli.Output;

namespace Chord.Cli.Commands;

/// <summary><c>chord redrive ID</c>: runs a failed or cancelled chord's failed and never-run tasks again, then its body.</summary>
public static class RedriveCommand
{
    public static Command Create(CommandRunner runner)
    {
        var id = CommandArguments.ChordId();
        var watch = new Option<bool>("--watch") { Description = "Follow the chord until it is final; exit 0 succeeded, 1 failed, 2 cancelled." };
        var command = new Command("redrive", "Run a failed or cancelled chord again (its failed and never-run tasks, then the body).") { id, watch };
        runner.Attach(command, async (parsed, context, cancellationToken) =>
        {
            var snapshot = await context.Client.RedriveAsync(parsed.GetValue(id)!, cancellationToken);
            context.Line(SnapshotText.Line(snapshot));
            return parsed.GetValue(watch) ? ExitCodes.Of(await ProgressDisplay.FollowAsync(context, snapshot.Id, cancellationToken)) : ExitCodes.Succeeded;
        });
        return command;
    }
}
