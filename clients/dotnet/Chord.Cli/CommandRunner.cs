using System.CommandLine;
using System.Text.Json;
using Chord.Client;
using Spectre.Console;

namespace Chord.Cli;

/// <summary>
/// Runs a command's work with its <see cref="CliContext"/> and turns what goes wrong into a message on standard
/// error and an exit code: the API's problem (3), an unreachable API (3), or bad input (64).
/// </summary>
public sealed class CommandRunner(CliOptions globals, IAnsiConsole console, TextWriter error)
{
    public void Attach(Command command, Func<ParseResult, CliContext, CancellationToken, Task<int>> work) =>
        command.SetAction((parsed, cancellationToken) => RunAsync(parsed, work, cancellationToken));

    private async Task<int> RunAsync(ParseResult parsed, Func<ParseResult, CliContext, CancellationToken, Task<int>> work, CancellationToken cancellationToken)
    {
        using var context = new CliContext(console, error, parsed.GetValue(globals.Url)!, parsed.GetValue(globals.ApiKey));
        try
        {
            return await work(parsed, context, cancellationToken);
        }
        catch (ChordApiValidationException invalid)
        {
            await error.WriteLineAsync($"invalid: {invalid.Message}");
            foreach (var (field, messages) in invalid.Errors)
            {
                await error.WriteLineAsync($"  {(field.Length == 0 ? "request" : field)}: {string.Join(" ", messages)}");
            }

            return ExitCodes.ApiError;
        }
        catch (ChordApiException refused)
        {
            var wait = refused.RetryAfter is { } after ? $" (try again in {after.TotalSeconds:0} s)" : "";
            await error.WriteLineAsync($"{refused.ErrorCode}: {refused.Message}{wait}");
            return ExitCodes.ApiError;
        }
        catch (HttpRequestException unreachable)
        {
            await error.WriteLineAsync($"unavailable: the Chord API at {parsed.GetValue(globals.Url)} could not be reached ({unreachable.Message}). Set --url or CHORD_URL.");
            return ExitCodes.ApiError;
        }
        catch (Exception e) when (e is CliUsageException or JsonException or IOException)
        {
            await error.WriteLineAsync(e.Message);
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 130; // Ctrl+C
        }
    }
}
