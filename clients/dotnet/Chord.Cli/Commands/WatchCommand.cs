using System.CommandLine;
using Chord.Cli.Output;

namespace Chord.Cli.Commands;

/// <summary><c>chord watch ID</c>: follows a chord live until it is final; the exit code is its outcome.</summary>
public static class WatchCommand
{
    public static Command Create(CommandRunner runner)
    {
        var id = CommandArguments.ChordId();
        var command = new Command("watch", "Follow a chord until it is final: a live progress bar on a terminal, a line per update otherwise. Exit 0 succeeded, 1 failed, 2 cancelled.") { id };
        runner.Attach(command, async (parsed, context, cancellationToken) =>
            ExitCodes.Of(await ProgressDisplay.FollowAsync(context, parsed.GetValue(id)!, cancellationToken)));
        return command;
    }
}
