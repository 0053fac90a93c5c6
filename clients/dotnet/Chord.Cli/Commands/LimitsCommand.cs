using System.CommandLine;
using System.Globalization;
using Chord.Cli.Output;
using Chord.Client;

namespace Chord.Cli.Commands;

/// <summary>
/// <c>chord limits</c>: the cluster-wide limits of keys and handlers; <c>chord limits set key|handler NAME --max-running
/// N --rate R --burst B --weight W</c> overrides one while the cluster runs; <c>chord limits reset key|handler NAME</c>
/// brings back its configured ones.
/// </summary>
public static class LimitsCommand
{
    public static Command Create(CommandRunner runner)
    {
        var json = CommandArguments.Json();
        var command = new Command("limits", "The cluster-wide limits of keys and handlers: max running, rate per second, burst, weight, and where they come from.") { json, Set(runner), Reset(runner) };
        runner.Attach(command, async (parsed, context, cancellationToken) =>
        {
            var limits = await context.Client.GetLimitsAsync(cancellationToken);
            if (parsed.GetValue(json))
            {
                context.Line(CliJson.Write(limits));
                return ExitCodes.Succeeded;
            }

            foreach (var (kind, l) in limits.Keys.Select(l => ("key", l)).Concat(limits.Handlers.Select(l => ("handler", l))))
            {
                context.Line(Describe(kind, l));
            }

            return ExitCodes.Succeeded;
        });
        return command;
    }

    private static Command Set(CommandRunner runner)
    {
        var (target, name) = (Target(), new Argument<string>("name") { Description = "The key or handler." });
        var maxRunning = new Option<int?>("--max-running") { Description = "Heavy handlers running at once across the cluster at most." };
        var rate = new Option<double?>("--rate") { Description = "Heavy tasks started per second across the cluster at most." };
        var burst = new Option<int?>("--burst") { Description = "With --rate: how many may start at once after a quiet spell." };
        var weight = new Option<int?>("--weight") { Description = "Keys only: permits per turn in each silo's heavy lane." };
        var json = CommandArguments.Json();
        var command = new Command("set", "Override a key's or handler's limits (all of them: one left out no longer limits); every silo follows within a second.") { target, name, maxRunning, rate, burst, weight, json };
        runner.Attach(command, async (parsed, context, cancellationToken) =>
        {
            var change = new LimitChange { MaxRunning = parsed.GetValue(maxRunning), RatePerSecond = parsed.GetValue(rate), Burst = parsed.GetValue(burst), Weight = parsed.GetValue(weight) };
            var set = await context.Client.SetLimitAsync(parsed.GetValue(target), parsed.GetValue(name)!, change, cancellationToken);
            context.Line(parsed.GetValue(json) ? CliJson.Write(set) : Describe(CliJson.Name(parsed.GetValue(target)), set));
            return ExitCodes.Succeeded;
        });
        return command;
    }

    private static Command Reset(CommandRunner runner)
    {
        var (target, name) = (Target(), new Argument<string>("name") { Description = "The key or handler." });
        var command = new Command("reset", "Drop a key's or handler's override: its configured limits apply again.") { target, name };
        runner.Attach(command, async (parsed, context, cancellationToken) =>
        {
            var dropped = await context.Client.ResetLimitAsync(parsed.GetValue(target), parsed.GetValue(name)!, cancellationToken);
            context.Line(dropped ? "reset" : "no override");
            return dropped ? ExitCodes.Succeeded : ExitCodes.Failed;
        });
        return command;
    }

    private static Argument<LimitTarget> Target() => new("target") { Description = "key or handler." };

    private static string Describe(string kind, LimitSetting l)
    {
        string N(int? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "-";
        var rate = l.RatePerSecond?.ToString("0.##", CultureInfo.InvariantCulture) ?? "-";
        return $"{kind} {l.Name}\tmax {N(l.MaxRunning)}\trate {rate}/s\tburst {N(l.Burst)}\tweight {N(l.Weight)}\t{l.Source}";
    }
}
