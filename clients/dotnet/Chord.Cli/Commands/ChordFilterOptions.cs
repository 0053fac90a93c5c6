using System.CommandLine;
using Chord.Client;

namespace Chord.Cli.Commands;

/// <summary><c>--status --handler --label --created-after --created-before</c>: the conditions of a search, shared by <c>ls</c> and the bulk commands.</summary>
public sealed class ChordFilterOptions
{
    private readonly Option<ChordState?> _status = new("--status") { Description = "Only chords in this state (pending, running, completing, succeeded, failed, cancelling, cancelled)." };
    private readonly Option<string?> _handler = new("--handler") { Description = "Only chords whose tasks or body use this handler." };
    private readonly Option<string[]> _labels = CommandArguments.Labels("Only chords with this label.");
    private readonly Option<DateTimeOffset?> _after = new("--created-after") { Description = "Only chords created at or after this time (e.g. 2026-12-06T10:00Z)." };
    private readonly Option<DateTimeOffset?> _before = new("--created-before") { Description = "Only chords created before this time." };

    public void AddTo(Command command)
    {
        command.Options.Add(_status);
        command.Options.Add(_handler);
        command.Options.Add(_labels);
        command.Options.Add(_after);
        command.Options.Add(_before);
    }

    public ChordQuery Read(ParseResult parsed) => new()
    {
        Status = parsed.GetValue(_status),
        Handler = parsed.GetValue(_handler),
        Labels = CommandArguments.ParseLabels(parsed.GetValue(_labels)),
        CreatedAfter = parsed.GetValue(_after),
        CreatedBefore = parsed.GetValue(_before),
    };

    /// <summary>Whether any condition was given.</summary>
    public static bool Any(ChordQuery query) =>
        query.Status is not null || query.Handler is not null || query.Labels is { Count: > 0 } || query.CreatedAfter is not null || query.CreatedBefore is not null;
}
