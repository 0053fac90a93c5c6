using System.CommandLine;
using Chord.Cli.Output;
using Chord.Client;

namespace Chord.Cli.Commands;

/// <summary>
/// The bulk form of <c>redrive</c> and <c>cancel</c>: several ids, or the search options of <c>ls</c>, start an
/// operation in the cluster; <c>--watch</c> follows it until it completes (exit 1 if it failed on any chord).
/// </summary>
public sealed class BulkOperations
{
    private readonly Argument<string[]> _ids = new("ids") { Description = "The chords' ids (one: acts on it at once; several: starts an operation).", Arity = ArgumentArity.ZeroOrMore };
    private readonly ChordFilterOptions _filter = new();
    private readonly Option<string?> _operationId = new("--operation-id") { Description = "The operation's id (generated when left out); the same id again finds the same operation." };
    private readonly Option<bool> _watch = new("--watch") { Description = "Follow until final: a chord, exit 0 succeeded, 1 failed, 2 cancelled; an operation, exit 0, or 1 if it failed on any chord." };
    private readonly Option<bool> _json = CommandArguments.Json();

    public void AddTo(Command command)
    {
        command.Arguments.Add(_ids);
        _filter.AddTo(command);
        command.Options.Add(_operationId);
        command.Options.Add(_watch);
        command.Options.Add(_json);
    }

    public bool Watch(ParseResult parsed) => parsed.GetValue(_watch);

    /// <summary>The one chord to act on directly, or null when the command line asks for an operation.</summary>
    public string? SingleChord(ParseResult parsed)
    {
        var ids = parsed.GetValue(_ids) ?? [];
        var query = _filter.Read(parsed);
        return (ids.Length, ChordFilterOptions.Any(query), parsed.GetValue(_operationId)) switch
        {
            (0, false, _) => throw new CliUsageException("Name a chord, several chords, or the chords to select (--status, --handler, --label, --created-after, --created-before)."),
            (> 0, true, _) => throw new CliUsageException("Name chords or select them with options, not both."),
            (1, false, null) => ids[0],
            _ => null,
        };
    }

    /// <summary>Starts the operation, writes it, and follows it with <c>--watch</c>.</summary>
    public async Task<int> RunAsync(ParseResult parsed, CliContext context, OperationAction action, CancellationToken cancellationToken)
    {
        var ids = parsed.GetValue(_ids) ?? [];
        var selection = ids.Length > 0 ? OperationSelection.OfIds(ids) : OperationSelection.Matching(_filter.Read(parsed));
        selection = selection with { Id = parsed.GetValue(_operationId) };
        var started = action is OperationAction.Redrive
            ? await context.Client.StartRedriveAsync(selection, cancellationToken)
            : await context.Client.StartCancelAsync(selection, cancellationToken);
        return await ShowAsync(context, started, parsed.GetValue(_watch), parsed.GetValue(_json), cancellationToken);
    }

    /// <summary>Writes the operation (and each change of it while <paramref name="watch"/>ing); exit 1 when it completed having failed on a chord.</summary>
    public static async Task<int> ShowAsync(CliContext context, OperationSnapshot operation, bool watch, bool json, CancellationToken cancellationToken)
    {
        var last = operation;
        if (watch && !operation.IsFinal)
        {
            await foreach (var now in context.Client.WatchOperationAsync(operation.Id, cancellationToken))
            {
                if (!json)
                {
                    context.Line(OperationText.Line(now));
                }

                last = now;
            }
        }
        else if (!json)
        {
            context.Line(OperationText.Line(operation));
        }

        if (json)
        {
            context.Line(CliJson.Write(last));
        }
        else if (last.IsFinal)
        {
            foreach (var line in OperationText.Outcome(last))
            {
                context.Line(line);
            }
        }

        return last is { IsFinal: true, Failed: > 0 } ? ExitCodes.Failed : ExitCodes.Succeeded;
    }
}
