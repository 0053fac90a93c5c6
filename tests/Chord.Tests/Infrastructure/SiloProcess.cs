using System.Diagnostics;

namespace Chord.Tests.Infrastructure;

/// <summary>
/// A silo as deployed: the Silo host's own program (built beside the tests) in its own process, on free loopback
/// ports, with Azure Storage clustering. It can be stopped as an orchestrator stops it, with SIGTERM.
/// </summary>
public sealed class SiloProcess : IDisposable
{
    private readonly Process _process;

    private SiloProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    /// <summary>The dashboard URL the silo reports to the cluster view (its web host).</summary>
    public string Url { get; }

    private string BaseUrl => Url[..Url.IndexOf("/dashboard", StringComparison.Ordinal)];

    /// <param name="cluster">Its cluster and service id.</param>
    /// <param name="azureStorage">Where its state and membership are.</param>
    /// <param name="settings">More command-line settings, e.g. <c>--Chord:Engine:WedgedAfter=00:00:02</c>.</param>
    public static SiloProcess Start(string cluster, string azureStorage, params string[] settings)
    {
        var web = FreePort.Next();
        var url = $"http://127.0.0.1:{web}/dashboard/";
        var silo = Path.Combine(RepositoryRoot(), "Silo", "bin", BuildConfiguration, "net10.0", "Chord.Silo.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            silo, "--urls", $"http://127.0.0.1:{web}",
            "--Chord:Silo:Storage=azure", $"--ConnectionStrings:AzureStorage={azureStorage}",
            $"--Chord:Silo:ClusterId={cluster}", $"--Chord:Silo:ServiceId={cluster}",
            $"--Chord:Silo:SiloPort={FreePort.Next()}", $"--Chord:Silo:GatewayPort={FreePort.Next()}",
            $"--Chord:Engine:SiloUrl={url}", "--Chord:Engine:HeavyConcurrency=2", "--Chord:Engine:ProbeInterval=00:00:01",
            "--Logging:LogLevel:Default=Warning",
        }.Concat(settings))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new SiloProcess(process, url);
    }

    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"the silo process exited early ({_process.ExitCode})");
            }

            try
            {
                using var response = await http.GetAsync(BaseUrl + "/health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(250);
        }

        Assert.Fail($"the silo at {BaseUrl} was not healthy within {timeout}");
    }

    /// <summary>Sends SIGTERM, as Kubernetes, systemd or docker stop do.</summary>
    public void Terminate() => Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

    /// <summary>The exit code, or -1 when it did not exit in time.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return -1;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

#if DEBUG
    private const string BuildConfiguration = "Debug";
#else
    private const string BuildConfiguration = "Release";
#endif

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Chord.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The tests do not run inside the repository.");
    }
}
