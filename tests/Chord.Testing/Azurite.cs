using System.Diagnostics;
using System.Net.Sockets;

namespace Chord.Testing;

/// <summary>
/// A real Azurite (the repo's own npm dependency) on free loopback ports with its data in a temp folder.
/// It can be stopped and started again on the same data and ports, to simulate a storage outage.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    // Azurite's well-known development account key (public, documented by Microsoft).
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string _executable;
    private readonly string _location = Directory.CreateTempSubdirectory("chord-azurite-").FullName;
    private readonly int _blobPort = FreePort.Next();
    private readonly int _queuePort = FreePort.Next();
    private readonly int _tablePort = FreePort.Next();
    private Process? _process;
    private int _closedServices;

    private Azurite(string executable) => _executable = executable;

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{_blobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{_queuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{_tablePort}/devstoreaccount1;";

    /// <summary>The blob, queue and table ports, for a test that cuts a process off from storage.</summary>
    public IReadOnlyList<int> Ports => [_blobPort, _queuePort, _tablePort];

    public static async Task<Azurite> StartAsync()
    {
        var azurite = new Azurite(FindExecutable());
        await azurite.StartAgainAsync();
        return azurite;
    }

    /// <summary>Starts (again) on the same ports and data, and waits until every service accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo(_executable)
        {
            ArgumentList =
            {
                "--silent", "--disableTelemetry", "--location", _location, "--skipApiVersionCheck",
                "--blobHost", "127.0.0.1", "--blobPort", _blobPort.ToString(),
                "--queueHost", "127.0.0.1", "--queuePort", _queuePort.ToString(),
                "--tableHost", "127.0.0.1", "--tablePort", _tablePort.ToString(),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _closedServices = 0;
        _process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        _process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Contains("successfully closed", StringComparison.Ordinal) == true)
            {
                Interlocked.Increment(ref _closedServices);
            }
        };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        foreach (var port in new[] { _blobPort, _queuePort, _tablePort })
        {
            while (!await AcceptsAsync(port))
            {
                if (_process.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"Azurite did not listen on port {port} within 30 s (exited: {_process.HasExited}).");
                }

                await Task.Delay(100);
            }
        }
    }

    /// <summary>
    /// Stops Azurite with SIGTERM, so it saves its data (a SIGKILL loses what it had not flushed yet), then kills
    /// it once its three services said they closed: node itself lingers for minutes after that. Its data stays
    /// for <see cref="StartAgainAsync"/>.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            _ = SendSignal(process.Id, Sigterm);
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (Volatile.Read(ref _closedServices) < 3 && !process.HasExited && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }

        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private const int Sigterm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string FindExecutable()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "node_modules", ".bin", "azurite");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Azurite is not installed: run 'npm ci' at the repository root (./test.sh does).");
    }
}
