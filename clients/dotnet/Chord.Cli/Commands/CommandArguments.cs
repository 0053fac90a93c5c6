using System.CommandLine;

namespace Chord.Cli.Commands;

/// <summary>Arguments and options several commands share.</summary>
public static class CommandArguments
{
    public static Argument<string> ChordId() => new("id") { Description = "The chord's id." };

    public static Option<bool> Json() => new("--json") { Description = "Write the API's JSON instead of text." };
}
