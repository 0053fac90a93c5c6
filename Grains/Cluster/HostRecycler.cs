using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Chord.Grains.Cluster;

/// <summary>
/// Stops the host gracefully (the silo leaves the cluster and its units are handed back to the silos that stay) and
/// has the process exit with <see cref="ExitCode"/>, so that its supervisor starts a fresh one, as Celery's hard
/// time limit replaces a worker process: threads held by handlers that ignore their token are only freed that way.
/// </summary>
internal sealed class HostRecycler(IHostApplicationLifetime lifetime, IOptions<HostOptions> host) : ISiloRecycler
{
    /// <summary>The process's exit code after a recycle: not 0, so a supervisor that restarts only failures restarts it.</summary>
    public const int ExitCode = 3;

    // Beyond the host's own shutdown timeout, for the host to log and return once that passed.
    private static readonly TimeSpan ExitMargin = TimeSpan.FromSeconds(15);

    public void Recycle(string reason)
    {
        Environment.ExitCode = ExitCode;
        lifetime.StopApplication();

        // The graceful stop hands the units back within the host's shutdown timeout, but the silo's stop then waits
        // for every grain to deactivate, and a heavy worker whose handler hangs never does (measured: the process
        // stayed up past the timeout). A wedged process must go, so it goes once the timeout and a margin passed.
        var deadline = host.Value.ShutdownTimeout + ExitMargin;
        _ = Task.Run(async () =>
        {
            await Task.Delay(deadline);
            Environment.Exit(ExitCode);
        });
    }
}
