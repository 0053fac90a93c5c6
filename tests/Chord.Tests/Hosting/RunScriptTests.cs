using System.Diagnostics;
using Chord.Tests.Infrastructure;

namespace Chord.Tests.Hosting;

/// <summary>
/// The real <c>./run.sh</c> (Azurite, one silo, the API) on free ports with its own data folder: it stops cleanly
/// and quickly on SIGTERM, starts again at once on the same ports, and restarts a silo that dies.
/// </summary>
public sealed class RunScriptTests : IDisposable
{
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(120);
    private readonly string _data = Directory.CreateTempSubdirectory("chord-run-").FullName;
    private readonly RunScriptPorts _ports = RunScript.FreePorts();

    [Fact]
    public async Task SigtermStopsAnIdleSystemWithinFiveSecondsWithQuietLogsAndAStartRightAfterWorks()
    {
        using (var first = RunScript.Start(_ports, _data))
        {
            await first.WaitReadyAsync(Ready);
            await AssertHealthyAsync(_ports.Api);
            var pids = first.Pids;
            Assert.Equal(3, pids.Count); // azurite, silo 0, api

            var clock = Stopwatch.StartNew();
            first.Terminate();
            var exit = await first.WaitForExitAsync(TimeSpan.FromSeconds(30));
            var stopped = clock.Elapsed;

            Assert.NotNull(exit);
            Assert.True(stopped <= TimeSpan.FromSeconds(5), $"the idle system took {stopped.TotalSeconds:0.0} s to stop:\n{first.Output}");
            Assert.Equal(0, exit);
            Assert.DoesNotContain(pids, RunScript.IsAlive);
            Assert.DoesNotContain("killing it", first.Output, StringComparison.Ordinal);
            AssertQuietLogs(first);
        }

        // Right after the stop, on the same ports and data.
        using var second = RunScript.Start(_ports, _data);
        await second.WaitReadyAsync(Ready);
        await AssertHealthyAsync(_ports.Api);
        Assert.DoesNotContain("in use", second.Output, StringComparison.Ordinal);
        second.Terminate();
        Assert.Equal(0, await second.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.DoesNotContain(second.Pids, RunScript.IsAlive);
        AssertQuietLogs(second);
    }

    [Fact]
    public async Task ASiloKilledWithSigkillIsStartedAgainOnItsPortsAndTheStopStillEndsEverything()
    {
        using var script = RunScript.Start(_ports, _data);
        await script.WaitReadyAsync(Ready);
        var silo = script.PidOf("silo 0");
        Assert.NotEqual(0, silo);

        RunScript.Signal(silo, RunScript.Sigkill);
        await script.WaitForOutputAsync("silo 0 exited with code 137; starting it again", TimeSpan.FromSeconds(15));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (script.PidOf("silo 0") == silo && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var restarted = script.PidOf("silo 0");
        Assert.NotEqual(silo, restarted);
        Assert.True(RunScript.IsAlive(restarted), "the restarted silo is not running");
        await AssertHealthyAsync(_ports.Dashboard); // the same dashboard port: an active cluster member again
        await AssertHealthyAsync(_ports.Api);

        script.Terminate();
        Assert.NotNull(await script.WaitForExitAsync(TimeSpan.FromSeconds(40)));
        Assert.DoesNotContain(script.Pids, RunScript.IsAlive);
        Assert.Contains("Stopped.", script.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private static async Task AssertHealthyAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                last = response.StatusCode.ToString();
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                last = exception.Message;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"http://127.0.0.1:{port}/health did not answer 200 within 90 s ({last})");
    }

    /// <summary>No warning or error in any log: the console formatter's level prefixes, and Azurite's own words.</summary>
    private static void AssertQuietLogs(RunScript script)
    {
        var logs = Directory.GetFiles(script.LogDirectory, "*.log");
        Assert.Contains(logs, path => Path.GetFileName(path) == "silo-0.log");
        Assert.Contains(logs, path => Path.GetFileName(path) == "api.log");
        Assert.Contains(logs, path => Path.GetFileName(path) == "azurite.log");
        var loud = logs
            .SelectMany(path => File.ReadLines(path).Select(line => $"{Path.GetFileName(path)}: {line}"))
            .Where(line => line.Contains(": warn:", StringComparison.Ordinal) || line.Contains(": fail:", StringComparison.Ordinal)
                || line.Contains(": crit:", StringComparison.Ordinal) || line.Contains("error", StringComparison.OrdinalIgnoreCase)
                || line.Contains("exception", StringComparison.OrdinalIgnoreCase))
            .ToArray();
        Assert.True(loud.Length == 0, "warnings or errors in the logs:\n" + string.Join('\n', loud.Take(20)));
    }
}
