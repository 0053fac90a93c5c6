using System.CommandLine;
using Chord.Cli.Output;
using Chord.Client;

namespace Chord.Cli.Commands;

/// <summary><c>chord options ID</c>: changes a running chord's options, or shows them.</summary>
public static class OptionsCommand
{
    public static Command Create(CommandRunner runner)
    {
        var id = CommandArguments.ChordId();
        var maxConcurrency = new Option<int?>("--max-concurrency") { Description = "Most of its tasks running at once, from the next task sent on." };
        var priority = new Option<ChordPriority?>("--priority") { Description = "normal, high or low." };
        var command = new Command("options", "Change a running chord's options (without flags: show them).") { id, maxConcurrency, priority };
        runner.Attach(command, async (parsed, context, cancellationToken) =>
        {
            var chord = parsed.GetValue(id)!;
            var change = new OptionsChange(parsed.GetValue(maxConcurrency), parsed.GetValue(priority));
            var snapshot = change is { MaxConcurrency: null, Priority: null }
                ? await context.Client.GetAsync(chord, cancellationToken)
                : await context.Client.UpdateOptionsAsync(chord, change, cancellationToken);
            context.Line(CliJson.Write(snapshot.Options));
            return ExitCodes.Succeeded;
        });
        return command;
    }
}
