using Microsoft.Extensions.Hosting;

namespace Chord.Grains.Cluster;

/// <summary>
/// Stops the host gracefully (the silo leaves the cluster and its units are handed back to the silos that stay) and
/// has the process exit with <see cref="ExitCode"/>, so that its supervisor starts a fresh one, as Celery's hard
/// time limit replaces a worker process: threads held by handlers that ignore their token are only freed that way.
/// </summary>
internal sealed class HostRecycler(IHostApplicationLifetime lifetime) : ISiloRecycler
{
    /// <summary>The process's exit code after a recycle: not 0, so a supervisor that restarts only failures restarts it.</summary>
    public const int ExitCode = 3;

    public void Recycle(string reason)
    {
        Environment.ExitCode = ExitCode;
        lifetime.StopApplication();
    }
}
