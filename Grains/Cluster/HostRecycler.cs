using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chord.Grains.Cluster;

/// <summary>
/// Stops the host gracefully (the silo leaves the cluster and its units are handed back to the silos that stay) and
/// has the process exit with <see cref="ExitCode"/>, so that its supervisor starts a fresh one, as Celery's hard
/// time limit replaces a worker process: threads held by handlers that ignore their token are only freed that way.
/// </summary>
internal sealed partial class HostRecycler(
    IHostApplicationLifetime lifetime,
    IOptions<HostOptions> host,
    ISiloStatusOracle membership,
    ILogger<HostRecycler> logger) : ISiloRecycler
{
    /// <summary>The process's exit code after a recycle: not 0, so a supervisor that restarts only failures restarts it.</summary>
    public const int ExitCode = 3;

    // How long the silo may take to start stopping once the application was told to stop.
    private static readonly TimeSpan StopNotice = TimeSpan.FromSeconds(10);

    // Beyond the host's own shutdown timeout, for the host to log and return once that passed.
    private static readonly TimeSpan ExitMargin = TimeSpan.FromSeconds(15);

    // How long a silo that lost its storage stops gracefully before it exits: it hands its units back (no write is
    // involved) and closes its connections, but its membership row cannot be written and its grains have nothing to save.
    private static readonly TimeSpan LeaveGrace = TimeSpan.FromSeconds(5);

    public void Recycle(string reason) => Stop(host.Value.ShutdownTimeout + ExitMargin);

    public void Leave(string reason) => Stop(LeaveGrace);

    private void Stop(TimeSpan exitAfter)
    {
        var exitCodeBefore = Environment.ExitCode;
        Environment.ExitCode = ExitCode;
        lifetime.StopApplication();
        _ = Task.Run(() => EnsureExitAsync(exitCodeBefore, exitAfter));
    }

    /// <summary>
    /// The graceful stop hands the units back within the host's shutdown timeout, but the silo's stop then waits for
    /// every grain to deactivate, and a heavy worker whose handler hangs never does (measured: the process stayed up
    /// past the timeout). A wedged process must go, so it exits once the timeout and a margin passed. Unless the silo
    /// never started stopping: then its host is not the process's (a silo hosted in a test, say) and must not end it.
    /// </summary>
    private async Task EnsureExitAsync(int exitCodeBefore, TimeSpan exitAfter)
    {
        var waited = TimeSpan.Zero;
        var step = TimeSpan.FromMilliseconds(100);
        while (membership.CurrentStatus is SiloStatus.Active)
        {
            if (waited >= StopNotice)
            {
                Environment.ExitCode = exitCodeBefore;
                LogNotStopping(logger, StopNotice.TotalSeconds);
                return;
            }

            await Task.Delay(step);
            waited += step;
        }

        var rest = exitAfter - waited;
        await Task.Delay(rest > TimeSpan.Zero ? rest : TimeSpan.Zero);
        LogExiting(logger, ExitCode);
        Environment.Exit(ExitCode);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The wedged silo did not start stopping within {Seconds} s of the request: its host does not stop with it, so the process is left alone.")]
    private static partial void LogNotStopping(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "The wedged silo's graceful stop did not end in time: exiting with code {ExitCode}.")]
    private static partial void LogExiting(ILogger logger, int exitCode);
}
