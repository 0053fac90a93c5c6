using System.CommandLine;

namespace Chord.Cli;

/// <summary>The options every command takes, from the command line or else the environment.</summary>
public sealed class CliOptions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public CliOptions(Func<string, string?> environment)
    {
        Url = new Option<Uri>("--url")
        {
            Description = $"The Chord API (default: $CHORD_URL, else {DefaultUrl}).",
            Recursive = true,
            DefaultValueFactory = result => ParseUrl(result, environment("CHORD_URL") is { Length: > 0 } url ? url : DefaultUrl),
            CustomParser = result => ParseUrl(result, result.Tokens[0].Value),
        };
        ApiKey = new Option<string?>("--api-key")
        {
            Description = "The API key, when the API requires one (default: $CHORD_API_KEY).",
            Recursive = true,
            DefaultValueFactory = _ => environment("CHORD_API_KEY") is { Length: > 0 } key ? key : null,
        };
    }

    public Option<Uri> Url { get; }

    private static Uri ParseUrl(System.CommandLine.Parsing.ArgumentResult result, string text)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            return url;
        }

        result.AddError($"The API's URL must be an absolute http or https address, not '{text}' (from --url or CHORD_URL).");
        return new Uri(DefaultUrl);
    }

    public Option<string?> ApiKey { get; }
}
