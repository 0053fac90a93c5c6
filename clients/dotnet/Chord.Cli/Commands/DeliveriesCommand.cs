using System.CommandLine;
using System.Globalization;
using Chord.Cli.Output;

namespace Chord.Cli.Commands;

/// <summary><c>chord deliveries ID</c>: the chord's webhook events and what each call was answered.</summary>
public static class DeliveriesCommand
{
    public static Command Create(CommandRunner runner)
    {
        var id = CommandArguments.ChordId();
        var json = CommandArguments.Json();
        var command = new Command("deliveries", "The chord's webhook events (submit --notify), each with its calls: status code, the start of the answer, or the error.") { id, json };
        runner.Attach(command, async (parsed, context, cancellationToken) =>
        {
            var deliveries = await context.Client.GetDeliveriesAsync(parsed.GetValue(id)!, cancellationToken);
            if (parsed.GetValue(json))
            {
                context.Line(CliJson.Write(deliveries));
                return ExitCodes.Succeeded;
            }

            foreach (var d in deliveries)
            {
                var next = d.NextAttemptAt is { } at ? $"  next {at.ToString("u", CultureInfo.InvariantCulture)}" : "";
                context.Line($"{d.EventId}  {CliJson.Name(d.Event)}{(d.Percent is { } p ? $" {p}%" : "")}  {CliJson.Name(d.Status)}  {d.Attempts.Length} calls{next}  {d.Url}");
                foreach (var a in d.Attempts)
                {
                    context.Line(string.Create(CultureInfo.InvariantCulture, $"  {a.At:u}  {a.DurationMs} ms  {(a.StatusCode is { } code ? code.ToString(CultureInfo.InvariantCulture) : a.Error)}"));
                }
            }

            return ExitCodes.Succeeded;
        });
        return command;
    }
}
