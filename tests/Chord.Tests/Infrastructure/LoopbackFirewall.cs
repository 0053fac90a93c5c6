using System.Diagnostics;
using System.Globalization;

namespace Chord.Tests.Infrastructure;

/// <summary>
/// Network partitions on loopback, with iptables (as root). Every rule matches <c>-o lo</c> only and carries the
/// comment <c>chord-test-{guid}</c> of its firewall; <see cref="Heal"/> and <see cref="Dispose"/> delete them all,
/// and Dispose also sweeps any rule with that comment it did not track (a delete that failed), so a failed test
/// leaves nothing behind. Rules go in OUTPUT: every loopback packet passes it once, and there the sending socket's
/// owner is known, which is how one process (run as <see cref="FaultUser"/>) is singled out.
/// </summary>
public sealed class LoopbackFirewall : IDisposable
{
    /// <summary>The system user a victim process runs as, so that rules can match its own packets.</summary>
    public const string FaultUser = "chordfault";

    private static readonly Lazy<string?> Unavailable = new(Probe);
    private readonly string _comment = $"chord-test-{Guid.NewGuid():N}";
    private readonly List<string[]> _rules = [];

    /// <summary>True when iptables can add and remove rules here (root, CAP_NET_ADMIN, iptables installed).</summary>
    public static bool IsAvailable => Unavailable.Value is null;

    /// <summary>Why partitions cannot be injected here; null when they can.</summary>
    public static string? UnavailableReason => Unavailable.Value;

    /// <summary>
    /// Cuts the silo listening on <paramref name="siloPort"/>, run as <see cref="FaultUser"/>, off from the silo
    /// ports <paramref name="peerSiloPorts"/>, both ways: connections into its port, and connections it opened to
    /// theirs (packets are matched by its ownership, and their answers by the connection's mark). Its gateway, its
    /// web host and its storage stay reachable.
    /// </summary>
    public void CutSilo(int siloPort, IEnumerable<int> peerSiloPorts)
    {
        // A mark per firewall, so that two tests' cuts never match each other's connections.
        var mark = "0x" + ((uint)_comment.GetHashCode(StringComparison.Ordinal) | 0x10000u).ToString("x", CultureInfo.InvariantCulture);
        Add("-p", "tcp", "-m", "multiport", "--ports", Ports([siloPort]), "-j", "DROP");
        Add("-p", "tcp", "-m", "owner", "--uid-owner", FaultUser, "-m", "multiport", "--dports", Ports(peerSiloPorts), "-j", "CONNMARK", "--set-mark", mark);
        Add("-m", "connmark", "--mark", mark, "-j", "DROP");
    }

    /// <summary>
    /// Drops what processes of <see cref="FaultUser"/> send to <paramref name="ports"/> (storage), without an answer,
    /// so that their requests hang as behind a real partition rather than fail fast.
    /// </summary>
    public void CutUserFrom(IEnumerable<int> ports) =>
        Add("-p", "tcp", "-m", "owner", "--uid-owner", FaultUser, "-m", "multiport", "--dports", Ports(ports), "-j", "DROP");

    /// <summary>Removes every rule of this firewall.</summary>
    public void Heal()
    {
        foreach (var rule in _rules)
        {
            Run(["-D", "OUTPUT", .. rule]);
        }

        _rules.Clear();
        Sweep();
    }

    public void Dispose() => Heal();

    /// <summary>The uid and gid of <see cref="FaultUser"/>, created as a system user the first time.</summary>
    public static (int Uid, int Gid) EnsureFaultUser()
    {
        if (Output("id", "-u", FaultUser) is null)
        {
            Output("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", FaultUser);
        }

        var uid = Output("id", "-u", FaultUser) ?? throw new InvalidOperationException($"could not create the user {FaultUser}");
        var gid = Output("id", "-g", FaultUser)!;
        return (int.Parse(uid, CultureInfo.InvariantCulture), int.Parse(gid, CultureInfo.InvariantCulture));
    }

    private void Add(params string[] match)
    {
        string[] rule = ["-o", "lo", .. match, "-m", "comment", "--comment", _comment];
        var error = Run(["-A", "OUTPUT", .. rule]);
        if (error is not null)
        {
            throw new InvalidOperationException($"iptables -A OUTPUT {string.Join(' ', rule)} failed: {error}");
        }

        _rules.Add(rule);
    }

    private void Sweep()
    {
        var listing = Output("iptables", "-S", "OUTPUT") ?? "";
        foreach (var line in listing.Split('\n').Where(l => l.StartsWith("-A OUTPUT ", StringComparison.Ordinal) && l.Contains(_comment, StringComparison.Ordinal)))
        {
            // iptables -S prints a rule as iptables -A reads it; no token of ours has spaces or quotes.
            Run(["-D", .. line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]]);
        }
    }

    private static string Ports(IEnumerable<int> ports) => string.Join(',', ports.Select(p => p.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Null when iptables succeeded; its error otherwise.</summary>
    private static string? Run(string[] arguments)
    {
        var result = Execute("iptables", ["-w", "5", .. arguments]);
        return result.ExitCode == 0 ? null : $"exit {result.ExitCode}: {result.Error.Trim()}";
    }

    private static string? Output(string file, params string[] arguments)
    {
        var result = Execute(file, arguments);
        return result.ExitCode == 0 ? result.Output.Trim() : null;
    }

    private static (int ExitCode, string Output, string Error) Execute(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output.Result, error);
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return (-1, "", $"{file}: {exception.Message}");
        }
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "partitions are injected with iptables, on Linux only";
        }

        if (Environment.UserName != "root" && Output("id", "-u") != "0")
        {
            return "partitions need root (iptables and a separate user for the cut-off silo)";
        }

        if (Output("iptables", "--version") is null)
        {
            return "iptables is not installed (./test.sh installs it with apt-get as root)";
        }

        if (Output("setpriv", "--version") is null)
        {
            return "setpriv (util-linux) is not installed";
        }

        // Add and remove a rule that matches nothing (port 1 on loopback), with each match the cuts use.
        using var probe = new LoopbackFirewall();
        try
        {
            probe.Add("-p", "tcp", "-m", "owner", "--uid-owner", "0", "-m", "multiport", "--dports", "1", "-j", "CONNMARK", "--set-mark", "0x10000");
            probe.Add("-m", "connmark", "--mark", "0x10000", "-p", "tcp", "--dport", "1", "-j", "DROP");
            return null;
        }
        catch (InvalidOperationException exception)
        {
            return $"iptables cannot add rules here (CAP_NET_ADMIN, or the owner/connmark/multiport matches are missing): {exception.Message}";
        }
    }
}
