using System.CommandLine;
using Chord.Cli.Output;
using Chord.Client;

namespace Chord.Cli.Commands;

/// <summary><c>chord watch ID [--chain]</c>: follows a chord live until it is final (with <c>--chain</c>, each next link too); the exit code is the last one's outcome.</summary>
public static class WatchCommand
{
    /// <summary>How long a finished chord is given to record the next link of its chain (it does so a moment after its final snapshot).</summary>
    private static readonly TimeSpan NextGrace = TimeSpan.FromSeconds(5);

    public static Command Create(CommandRunner runner)
    {
        var id = CommandArguments.ChordId();
        var chain = new Option<bool>("--chain") { Description = "Go on to each next chord its then (or onFailure) submits, until the chain ends." };
        var command = new Command("watch", "Follow a chord until it is final: a live progress bar on a terminal, a line per update otherwise. Exit 0 succeeded, 1 failed, 2 cancelled.") { id, chain };
        runner.Attach(command, async (parsed, context, cancellationToken) =>
        {
            var final = await ProgressDisplay.FollowAsync(context, parsed.GetValue(id)!, cancellationToken);
            while (parsed.GetValue(chain) && await NextOfAsync(context.Client, final, cancellationToken) is { } next)
            {
                context.Line($"next: {next}");
                final = await ProgressDisplay.FollowAsync(context, next, cancellationToken);
            }

            return ExitCodes.Of(final);
        });
        return command;
    }

    private static async Task<string?> NextOfAsync(IChordClient client, ChordSnapshot final, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + NextGrace;
        while (final.Next is null && final.ContinuationError is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, cancellationToken);
            final = await client.GetAsync(final.Id, cancellationToken);
        }

        return final.Next;
    }
}
