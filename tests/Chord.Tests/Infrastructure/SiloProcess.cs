using System.Diagnostics;

namespace Chord.Tests.Infrastructure;

/// <summary>
/// A silo as deployed: the Silo host's own program (built beside the tests) in its own process, on free loopback
/// ports, with Azure Storage clustering. It can be stopped as an orchestrator stops it, with SIGTERM.
/// </summary>
public sealed class SiloProcess : IDisposable
{
    private readonly Process _process;

    private SiloProcess(Process process, string url, int siloPort, int gatewayPort)
    {
        _process = process;
        Url = url;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
    }

    /// <summary>The dashboard URL the silo reports to the cluster view (its web host).</summary>
    public string Url { get; }

    /// <summary>Its web host: <c>/metrics</c>, <c>/health</c>.</summary>
    public string BaseUrl => Url[..Url.IndexOf("/dashboard", StringComparison.Ordinal)];

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the silo wrote (warnings and errors), for a failing test's message.</summary>
    public string RecentOutput => string.Join('\n', _output);

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 200 && _output.TryDequeue(out _))
        {
        }
    }

    /// <param name="cluster">Its cluster and service id.</param>
    /// <param name="azureStorage">Where its state and membership are.</param>
    /// <param name="settings">More command-line settings, e.g. <c>--Chord:Engine:WedgedAfter=00:00:02</c>.</param>
    public static SiloProcess Start(string cluster, string azureStorage, params string[] settings) => StartAs(cluster, azureStorage, null, settings);

    /// <summary>
    /// Starts a silo as <paramref name="user"/>'s uid and gid (the caller is root; null: as the caller), so that
    /// firewall rules can match its packets.
    /// </summary>
    public static SiloProcess StartAs(string cluster, string azureStorage, (int Uid, int Gid)? user, params string[] settings)
    {
        var web = FreePort.Next();
        var siloPort = FreePort.Next();
        var gatewayPort = FreePort.Next();
        var url = $"http://127.0.0.1:{web}/dashboard/";
        var silo = Path.Combine(user is null ? SiloFolder : ReadableSiloFolder.Value, "Chord.Silo.dll");
        var start = new ProcessStartInfo(user is null ? "dotnet" : "setpriv") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (user is { } id)
        {
            // setpriv execs dotnet in place: the process id stays the silo's, so Kill and SIGTERM still reach it.
            foreach (var argument in new[] { $"--reuid={id.Uid}", $"--regid={id.Gid}", "--clear-groups", "dotnet" })
            {
                start.ArgumentList.Add(argument);
            }

            // root's home is not readable by that user; ASP.NET and the dotnet host want a writable one, and a working
            // folder it may enter (the test's own may be closed to it).
            start.WorkingDirectory = Path.GetDirectoryName(silo)!;
            start.Environment["HOME"] = Path.GetTempPath();
            start.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        }

        foreach (var argument in new[]
        {
            silo, "--urls", $"http://127.0.0.1:{web}",
            "--Chord:Silo:Storage=azure", $"--ConnectionStrings:AzureStorage={azureStorage}",
            $"--Chord:Silo:ClusterId={cluster}", $"--Chord:Silo:ServiceId={cluster}",
            $"--Chord:Silo:SiloPort={siloPort}", $"--Chord:Silo:GatewayPort={gatewayPort}",
            $"--Chord:Engine:SiloUrl={url}", "--Chord:Engine:HeavyConcurrency=2", "--Chord:Engine:ProbeInterval=00:00:01",
            "--Logging:LogLevel:Default=Warning",
        }.Concat(settings))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var started = new SiloProcess(process, url, siloPort, gatewayPort);
        process.OutputDataReceived += (_, line) => started.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => started.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
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

    /// <summary>Kills it as <c>kill -9</c> does: SIGKILL, no shutdown of any kind.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

#if DEBUG
    private const string BuildConfiguration = "Debug";
#else
    private const string BuildConfiguration = "Release";
#endif

    private static string SiloFolder => Path.Combine(RepositoryRoot(), "Silo", "bin", BuildConfiguration, "net10.0");

    /// <summary>
    /// A copy of the built silo that another user can read: the clone may sit in a folder only root may enter (CI
    /// clones into a fresh temporary folder of mode 700), where a silo started as another user cannot load itself.
    /// </summary>
    private static readonly Lazy<string> ReadableSiloFolder = new(() =>
    {
        var copy = Path.Combine("/tmp", $"chord-silo-{Environment.ProcessId}-{Guid.NewGuid():N}");
        foreach (var folder in Directory.GetDirectories(SiloFolder, "*", SearchOption.AllDirectories).Prepend(SiloFolder))
        {
            Directory.CreateDirectory(Path.Combine(copy, Path.GetRelativePath(SiloFolder, folder)));
        }

        foreach (var file in Directory.GetFiles(SiloFolder, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(copy, Path.GetRelativePath(SiloFolder, file)));
        }

        const UnixFileMode readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        foreach (var folder in Directory.GetDirectories(copy, "*", SearchOption.AllDirectories).Prepend(copy))
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(folder, readable);
            }
        }

        return copy;
    });

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
