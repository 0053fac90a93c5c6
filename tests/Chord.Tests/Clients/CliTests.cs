extern alias cli;

using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Chord.Tests.Infrastructure;
using Spectre.Console;
using ChordCli = cli::Chord.Cli.ChordCli;

namespace Chord.Tests.Clients;

/// <summary>
/// <c>chord</c>, the command-line tool, against the real API and a real silo: each command with plain output (what
/// pipes and logs get), the exit codes of a watched chord (0 succeeded, 1 failed, 2 cancelled), the API's refusals
/// (3) and usage errors (64); and one <c>watch</c> in a pseudo-terminal, where the progress bar is drawn live.
/// </summary>
public sealed partial class CliTests
{
    [Fact]
    public async Task EachCommandWorksAndAWatchedChordExitsWithItsOutcome()
    {
        await using var api = await ApiHost.StartAsync(new TestProbe());

        var submit = await RunAsync(api, "submit", "--map", "probe", "--count", "20", "--args", """{"ms":20}""", "--body", "sum", "--label", "team=cli", "--label", "order=7");
        var id = submit.Out.Trim();
        var watch = await RunAsync(api, "watch", id);
        var get = await RunAsync(api, "get", id, "--json");
        var list = await RunAsync(api, "ls", "--status", "succeeded", "--label", "team=cli", "--handler", "probe");
        var other = await RunAsync(api, "ls", "--label", "team=other");
        var details = await RunAsync(api, "get", id);
        var tasks = await RunAsync(api, "tasks", id, "--state", "succeeded", "--limit", "5");
        var cluster = await RunAsync(api, "cluster");

        Assert.True(submit.Exit == 0, $"exit {submit.Exit}: {submit.Error}");
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal(0, watch.Exit);
        Assert.Contains($"{id}  succeeded  20/20 done", watch.Out);
        Assert.Contains("result: 190", watch.Out);
        Assert.Equal("succeeded", JsonDocument.Parse(get.Out).RootElement.GetProperty("status").GetString());
        Assert.StartsWith(id, list.Out);
        Assert.Equal("", other.Out);
        Assert.Contains("labels: order=7, team=cli", details.Out);
        Assert.Equal(5, tasks.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("1 active", cluster.Out);
    }

    [Fact]
    public async Task FailedCancelledAndRefusedCommandsExitWithTheirCodes()
    {
        await using var api = await ApiHost.StartAsync(new TestProbe());
        var spec = Path.GetTempFileName();
        await File.WriteAllTextAsync(spec, """{"id":"cli-fails","tasks":[{"handler":"fail"}],"body":{"handler":"count"},"options":{"retry":{"maxAttempts":1}}}""");

        var failed = await RunAsync(api, "submit", spec, "--watch");
        var slow = (await RunAsync(api, "submit", "--id", "cli-slow", "--task", "sleep={\"ms\":30000}", "--task", "sleep={\"ms\":30000}", "--body", "count", "--max-concurrency", "1")).Out.Trim();
        var options = await RunAsync(api, "options", slow, "--max-concurrency", "2");
        var cancel = await RunAsync(api, "cancel", slow);
        var cancelled = await RunAsync(api, "watch", slow);
        var refused = await RunAsync(api, "redrive", "no-such-chord");
        var conflict = await RunAsync(api, "submit", "--id", "cli-slow", "--task", "noop", "--body", "count");
        var noBody = await RunAsync(api, "submit", "--task", "noop");
        var badJson = await RunAsync(api, "submit", "--map", "probe", "--count", "2", "--args", "{nope", "--body", "sum");
        var missing = await RunAsync(api, "get");
        var viaEnvironment = await RunAsync(api, new Dictionary<string, string?> { ["CHORD_URL"] = api.BaseAddress.ToString() }, "get", "cli-fails");
        var failures = await RunAsync(api, "failures", "--handler", "fail");
        for (var i = 0; i < 100 && !failures.Out.Contains("1 tasks", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100); // the index hears of failures within a moment
            failures = await RunAsync(api, "failures", "--handler", "fail");
        }

        File.Delete(spec);
        Assert.Equal((1, "cli-fails"), (failed.Exit, failed.Out.Split('\n')[0]));
        Assert.Contains("failed on purpose", failed.Out);
        Assert.Equal("cli-slow", slow);
        Assert.Equal(2, JsonDocument.Parse(options.Out).RootElement.GetProperty("maxConcurrency").GetInt32());
        Assert.Contains("Cancellation requested", cancel.Out);
        Assert.Equal(2, cancelled.Exit);
        Assert.Equal(3, refused.Exit);
        Assert.StartsWith("not-found:", refused.Error);
        Assert.Equal(3, conflict.Exit);
        Assert.StartsWith("conflicting-spec:", conflict.Error);
        Assert.Equal(64, noBody.Exit);
        Assert.Contains("--body is required", noBody.Error);
        Assert.Equal(64, badJson.Exit);
        Assert.Contains("--args must be JSON", badJson.Error);
        Assert.Equal(64, missing.Exit);
        Assert.Equal(0, viaEnvironment.Exit);
        Assert.StartsWith("cli-fails  failed", viaEnvironment.Out);
        Assert.StartsWith("fail\tInvalidOperationException\t1 tasks\t1 chords\tlatest cli-fails\t", failures.Out);
    }

    [Fact]
    public async Task BulkRedriveAndCancelStartAnOperationThatOperationShowsAndFollows()
    {
        await using var api = await ApiHost.StartAsync(new TestProbe());
        var failing = new List<string>();
        var spec = Path.GetTempFileName();
        for (var i = 0; i < 2; i++)
        {
            await File.WriteAllTextAsync(spec, $$$$"""{"id":"cli-bulk-{{{{i}}}}","tasks":[{"handler":"fail","args":{"times":1}}],"body":{"handler":"count"},"labels":{"cli":"bulk"},"options":{"retry":{"maxAttempts":1}}}""");
            Assert.Equal(1, (await RunAsync(api, "submit", spec, "--watch")).Exit);
            failing.Add($"cli-bulk-{i}");
        }

        File.Delete(spec);

        var redrive = await RunAsync(api, "redrive", "--status", "failed", "--label", "cli=bulk", "--operation-id", "cli-redrive", "--watch");
        var shown = await RunAsync(api, "operation", "cli-redrive", "--json");
        var cancel = await RunAsync(api, "cancel", failing[0], "no-such-chord", "--watch");
        var listed = await RunAsync(api, "operation");
        var both = await RunAsync(api, "redrive", "a", "--status", "failed");
        var neither = await RunAsync(api, "cancel");

        Assert.True(redrive.Exit == 0, $"exit {redrive.Exit}: {redrive.Out} {redrive.Error}");
        Assert.Contains("cli-redrive  redrive  completed  matched 2  done 2  skipped 0  failed 0", redrive.Out);
        Assert.Equal(2, JsonDocument.Parse(shown.Out).RootElement.GetProperty("done").GetInt32());
        Assert.Equal(0, cancel.Exit);
        Assert.Matches("cancel  completed  matched 2  done 0  skipped 2 \\((finished|not-found) 1, (finished|not-found) 1\\)  failed 0", cancel.Out);
        Assert.Contains("cli-redrive  redrive  completed", listed.Out);
        Assert.Equal(64, both.Exit);
        Assert.Equal(64, neither.Exit);
    }

    [Fact]
    public async Task SubmitWithNotifyCallsTheWebhookAndDeliveriesShowsItsCalls()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var api = await ApiHost.StartAsync(new TestProbe(), siloSettings: new Dictionary<string, string?> { ["Chord:Webhooks:AllowedHosts:0"] = "127.0.0.1" });

        var submit = await RunAsync(api, "submit", "--map", "noop", "--count", "3", "--body", "count", "--notify", receiver.Url, "--notify-event", "succeeded", "--watch");
        var id = submit.Out.Split('\n')[0].Trim();
        await receiver.UntilAsync(calls => calls.Count >= 1, TimeSpan.FromSeconds(30));
        var deliveries = await RunAsync(api, "deliveries", id);
        for (var i = 0; i < 100 && !deliveries.Out.Contains("delivered", StringComparison.Ordinal); i++)
        {
            await Task.Delay(50); // the call is recorded a moment after the receiver answered it
            deliveries = await RunAsync(api, "deliveries", id);
        }

        var stray = await RunAsync(api, "submit", "--map", "noop", "--count", "1", "--body", "count", "--notify-event", "progress");

        Assert.True(submit.Exit == 0, $"exit {submit.Exit}: {submit.Error}");
        Assert.StartsWith($"msg_{id}_0_succeeded  succeeded  delivered  1 calls", deliveries.Out);
        Assert.Contains("  200", deliveries.Out);
        Assert.Equal(64, stray.Exit);
    }

    [Fact]
    public async Task LimitsSetListAndResetAKeysLimitsAndSubmitCarriesAKeyLimit()
    {
        await using var api = await ApiHost.StartAsync(new TestProbe());

        var set = await RunAsync(api, "limits", "set", "key", "cli-tenant", "--max-running", "2", "--rate", "7.5", "--weight", "3");
        var listed = await RunAsync(api, "limits");
        var tooHigh = await RunAsync(api, "submit", "--map", "sleep", "--count", "1", "--body", "count", "--key", "cli-tenant", "--key-limit", "3");
        var within = await RunAsync(api, "submit", "--map", "sleep", "--count", "2", "--args", """{"ms":10}""", "--body", "count", "--key", "cli-tenant", "--key-limit", "1", "--watch");
        var reset = await RunAsync(api, "limits", "reset", "key", "cli-tenant");
        var again = await RunAsync(api, "limits", "reset", "key", "cli-tenant");
        var bad = await RunAsync(api, "limits", "set", "handler", "sleep", "--weight", "2");

        Assert.True(set.Exit == 0, $"exit {set.Exit}: {set.Error}");
        Assert.Equal("key cli-tenant\tmax 2\trate 7.5/s\tburst -\tweight 3\toverride", set.Out.Trim());
        Assert.Contains("key cli-tenant\tmax 2", listed.Out);
        Assert.Equal(3, tooHigh.Exit); // the API refused it: options.keyLimit over the key's 2
        Assert.Contains("keyLimit", tooHigh.Error);
        Assert.True(within.Exit == 0, $"exit {within.Exit}: {within.Error}");
        Assert.Equal(("reset", 0), (reset.Out.Trim(), reset.Exit));
        Assert.Equal(("no override", 1), (again.Out.Trim(), again.Exit));
        Assert.Equal(3, bad.Exit);
    }

    [Fact]
    public async Task WatchChainFollowsEachLinkAndGetShowsTheLinks()
    {
        await using var api = await ApiHost.StartAsync(new TestProbe());
        var spec = Path.GetTempFileName();
        await File.WriteAllTextAsync(spec, """{"id":"cli-chain","map":{"handler":"fail","count":2,"args":{"times":0}},"body":{"handler":"collect"},"then":{"map":{"handler":"noop","itemsFrom":"results"},"body":{"handler":"count"}}}""");

        var submit = await RunAsync(api, "submit", spec);
        var watch = await RunAsync(api, "watch", "cli-chain", "--chain");
        var first = await RunAsync(api, "get", "cli-chain");
        var second = await RunAsync(api, "get", "cli-chain.then");
        File.Delete(spec);

        Assert.True(submit.Exit == 0, submit.Error);
        Assert.Equal(0, watch.Exit);
        Assert.Contains("next: cli-chain.then", watch.Out);
        Assert.Contains("cli-chain.then  succeeded  2/2 done", watch.Out);
        Assert.Contains("next: cli-chain.then", first.Out);
        Assert.Contains("previous: cli-chain", second.Out);
    }

    [Fact]
    public async Task ClusterWatchRefreshesUntilStopped()
    {
        await using var api = await ApiHost.StartAsync(new TestProbe());
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(output) });
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2.5)); // Ctrl+C, as a person stops it

        var exit = await ChordCli.RunAsync(["cluster", "--watch", "--interval", "0.5", "--url", api.BaseAddress.ToString()], console, new StringWriter(), _ => null, stop.Token);

        var tables = output.ToString().Split('\n').Count(line => line.StartsWith("total\t1 active", StringComparison.Ordinal));
        Assert.Equal(130, exit);
        Assert.True(tables >= 3, $"{tables} refreshes in 2.5 s at 0.5 s: {output}");
    }

    [Fact]
    public async Task WatchInAPseudoTerminalDrawsALiveProgressBarAndExitsWithTheOutcome()
    {
        await using var api = await ApiHost.StartAsync(new TestProbe());
        var id = (await RunAsync(api, "submit", "--map", "probe", "--count", "30", "--args", """{"ms":150}""", "--body", "sum")).Out.Trim();
        var chord = Path.Combine(Repository.Root, "clients", "dotnet", "Chord.Cli", "bin", Repository.BuildConfiguration, "net10.0", "chord.dll");

        // util-linux script runs the command in a pseudo-terminal: the tool sees a terminal, as a person's shell is.
        var start = new ProcessStartInfo("script", ["-qfec", $"dotnet {chord} watch {id}", "/dev/null"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["CHORD_URL"] = api.BaseAddress.ToString(), ["TERM"] = "xterm-256color", ["COLUMNS"] = "120" },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        var text = await output;

        var counts = DoneCounts().Matches(text).Select(m => int.Parse(m.Groups[1].Value)).Distinct().ToList();
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {text}");
        Assert.Contains("\u001b[", text); // drawn with terminal control sequences, not plain lines
        Assert.True(counts.Count >= 2, $"the bar showed {string.Join(", ", counts)} done: not live"); // redrawn as tasks finished
        Assert.Contains(30, counts);
        Assert.Contains("100%", text);
        Assert.Contains("result: 435", text); // 0 + 1 + … + 29
    }

    private static Task<(int Exit, string Out, string Error)> RunAsync(ApiHost api, params string[] args) =>
        RunAsync(api, new Dictionary<string, string?>(), args);

    private static async Task<(int Exit, string Out, string Error)> RunAsync(ApiHost api, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        var withUrl = environment.ContainsKey("CHORD_URL") ? args : [.. args, "--url", api.BaseAddress.ToString()];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var exit = await ChordCli.RunAsync(withUrl, console, error, name => environment.GetValueOrDefault(name), timeout.Token);
        return (exit, output.ToString(), error.ToString());
    }

    [GeneratedRegex(@"(\d+)/30")]
    private static partial Regex DoneCounts();
}
