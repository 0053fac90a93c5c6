using System.CommandLine;
using Chord.Cli.Commands;
using Spectre.Console;

namespace Chord.Cli;

/// <summary><c>chord</c>: the commands, parsed and run against one console (the terminal, or a test's).</summary>
public static class ChordCli
{
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter error, Func<string, string?> environment, CancellationToken cancellationToken = default)
    {
        var globals = new CliOptions(environment);
        var runner = new CommandRunner(globals, console, error);
        var root = new RootCommand("chord: submit chords to a Chord cluster, watch them live, and operate them.")
        {
            globals.Url,
            globals.ApiKey,
            SubmitCommand.Create(runner),
            WatchCommand.Create(runner),
            GetCommand.Create(runner),
            ListCommand.Create(runner),
            TasksCommand.Create(runner),
            CancelCommand.Create(runner),
            RedriveCommand.Create(runner),
            OptionsCommand.Create(runner),
            ClusterCommand.Create(runner),
            LimitsCommand.Create(runner),
            FailuresCommand.Create(runner),
            OperationCommand.Create(runner),
            DeliveriesCommand.Create(runner),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync(problem.Message);
            }

            await error.WriteLineAsync("Run 'chord --help' for the commands and their options.");
            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = console.Profile.Out.Writer, Error = error }, cancellationToken);
    }
}
