using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Chord.Tests.Infrastructure;

/// <summary>
/// The real <c>./run.sh</c> on free loopback ports with its own data folder (never a user's system or
/// <c>.data</c>), running the binaries built beside the tests (<c>--no-build</c>). Collects what the script prints
/// and the PIDs it names, and stops it as a terminal or an orchestrator does, with SIGTERM.
/// </summary>
public sealed partial class RunScript : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly Lock _lock = new();

    private RunScript(Process process, RunScriptPorts ports, string dataDirectory)
    {
        _process = process;
        Ports = ports;
        DataDirectory = dataDirectory;
    }

    public RunScriptPorts Ports { get; }

    public string DataDirectory { get; }

    public string LogDirectory => Path.Combine(DataDirectory, "logs");

    public int ScriptPid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the script printed so far (stdout and stderr), one line each.</summary>
    public string Output
    {
        get
        {
            lock (_lock)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>Every PID the script printed (azurite, silos, api, restarts included).</summary>
    public IReadOnlyList<int> Pids => PidLine().Matches(Output).Select(m => int.Parse(m.Groups["pid"].Value, CultureInfo.InvariantCulture)).Distinct().ToArray();

    /// <summary>The PID of the newest start of <paramref name="name"/> ("silo 0", "api", "azurite").</summary>
    public int PidOf(string name) => PidLine().Matches(Output).Where(m => m.Groups["name"].Value == name).Select(m => int.Parse(m.Groups["pid"].Value, CultureInfo.InvariantCulture)).LastOrDefault();

    public static RunScript Start(RunScriptPorts ports, string dataDirectory)
    {
        var root = Repository.Root;
        if (!File.Exists(Path.Combine(root, "node_modules", ".bin", "azurite")))
        {
            throw new InvalidOperationException("Azurite is not installed: run 'npm ci' at the repository root (./test.sh does).");
        }

        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        foreach (var argument in new[]
        {
            Path.Combine(root, "run.sh"), "--no-build", "--configuration", Repository.BuildConfiguration,
            "--api-port", Text(ports.Api), "--dashboard-port", Text(ports.Dashboard), "--silo-port", Text(ports.Silo),
            "--gateway-port", Text(ports.Gateway), "--azurite-port", Text(ports.Azurite),
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CHORD_DATA_DIR"] = dataDirectory;
        var process = Process.Start(start) ?? throw new InvalidOperationException("run.sh did not start.");
        var script = new RunScript(process, ports, dataDirectory);
        process.OutputDataReceived += (_, line) => script.Add(line.Data);
        process.ErrorDataReceived += (_, line) => script.Add(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return script;
    }

    /// <summary>Waits for the script's "Chord is ready" line (it prints it once the API answers /health).</summary>
    public Task WaitReadyAsync(TimeSpan timeout) => WaitForOutputAsync("Chord is ready", timeout);

    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                Assert.Fail($"run.sh exited ({_process.ExitCode}) before printing '{text}':\n{Output}");
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"run.sh did not print '{text}' within {timeout}:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Sends SIGTERM to the script only, as <c>kill -TERM</c> does.</summary>
    public void Terminate() => Signal(_process.Id, Sigterm);

    /// <summary>The script's exit code, or null when it did not exit in time.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public static bool IsAlive(int pid) => SendSignal(pid, 0) == 0;

    public static void Signal(int pid, int signal) => _ = SendSignal(pid, signal);

    public const int Sigterm = 15;
    public const int Sigkill = 9;

    public void Dispose()
    {
        // A failed test must not leave a system behind: the script stops its processes; whatever is left is killed.
        if (!_process.HasExited)
        {
            Terminate();
            _process.WaitForExit(40_000);
        }

        foreach (var pid in Pids.Where(IsAlive))
        {
            Signal(pid, Sigkill);
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _output.Add(line);
        }
    }

    /// <summary>Free loopback ports for one system: Azurite needs three in a row (blob, queue, table).</summary>
    public static RunScriptPorts FreePorts()
    {
        int azurite;
        do
        {
            azurite = FreePort.Next();
        }
        while (azurite > 65000 || !IsFree(azurite + 1) || !IsFree(azurite + 2));

        return new RunScriptPorts(FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next(), azurite);
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(System.Net.IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    [GeneratedRegex(@"^(?<name>azurite|silo \d+|api)\s+pid (?<pid>\d+)", RegexOptions.Multiline)]
    private static partial Regex PidLine();
}
