using Chord.Cli;
using Spectre.Console;

return await ChordCli.RunAsync(args, AnsiConsole.Console, Console.Error, Environment.GetEnvironmentVariable);
