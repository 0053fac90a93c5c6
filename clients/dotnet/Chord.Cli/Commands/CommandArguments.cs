using System.CommandLine;

namespace Chord.Cli.Commands;

/// <summary>Arguments and options several commands share.</summary>
public static class CommandArguments
{
    public static Argument<string> ChordId() => new("id") { Description = "The chord's id." };

    public static Option<bool> Json() => new("--json") { Description = "Write the API's JSON instead of text." };

    /// <summary><c>--label key=value</c>, repeatable.</summary>
    public static Option<string[]> Labels(string description) => new("--label") { Description = description + " KEY=VALUE; repeat for more." };

    /// <summary>The pairs of <c>--label</c> options; a clear error for one without <c>=</c> or a key given twice.</summary>
    public static Dictionary<string, string>? ParseLabels(string[]? pairs)
    {
        if (pairs is not { Length: > 0 })
        {
            return null;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var split = pair.IndexOf('=', StringComparison.Ordinal);
            if (split < 1 || !labels.TryAdd(pair[..split], pair[(split + 1)..]))
            {
                throw new CliUsageException($"--label is KEY=VALUE, each key once, not '{pair}'.");
            }
        }

        return labels;
    }
}
