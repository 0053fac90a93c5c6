using Chord.Client;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Chord.Cli;

/// <summary>
/// What every command works with: the API's client (from <c>--url</c>/<c>CHORD_URL</c> and
/// <c>--api-key</c>/<c>CHORD_API_KEY</c>), the console, and whether output is for a terminal (live, coloured) or plain
/// (a line per update, for pipes and logs).
/// </summary>
public sealed class CliContext(IAnsiConsole console, TextWriter error, Uri url, string? apiKey) : IDisposable
{
    private ServiceProvider? _services;

    public IAnsiConsole Console { get; } = console;

    public TextWriter Error { get; } = error;

    /// <summary>Plain output: no live display and no colour, because the output is not an interactive terminal.</summary>
    public bool Plain => !Console.Profile.Capabilities.Ansi || !Console.Profile.Capabilities.Interactive;

    public IChordClient Client
    {
        get
        {
            if (_services is null)
            {
                var services = new ServiceCollection();
                services.AddChordClient(o =>
                {
                    o.BaseAddress = url;
                    o.ApiKey = apiKey;
                });
                _services = services.BuildServiceProvider();
            }

            return _services.GetRequiredService<IChordClient>();
        }
    }

    /// <summary>Writes text as it is (no markup), a line.</summary>
    public void Line(string text) => Console.Profile.Out.Writer.WriteLine(text);

    public void Dispose() => _services?.Dispose();
}
