using System.CommandLine;
using System.Text.Json;
using Chord.Cli.Output;
using Chord.Client;

namespace Chord.Cli.Commands;

/// <summary><c>chord submit</c>: a chord from a JSON file (the body of <c>POST /v1/chords</c>) or from flags; <c>--watch</c> follows it.</summary>
public static class SubmitCommand
{
    public static Command Create(CommandRunner runner)
    {
        var spec = new Argument<string?>("spec") { Description = "A JSON file holding the chord (as POST /v1/chords takes it), or - for standard input.", Arity = ArgumentArity.ZeroOrOne };
        var id = new Option<string?>("--id") { Description = "The chord's id (default: one the client makes)." };
        var task = new Option<string[]>("--task") { Description = "A task's handler; repeat for more tasks. HANDLER or HANDLER=JSON-ARGS.", AllowMultipleArgumentsPerToken = false };
        var map = new Option<string?>("--map") { Description = "One handler over --count indexes or --items." };
        var count = new Option<int?>("--count") { Description = "With --map: how many tasks (each gets its index)." };
        var items = new Option<string?>("--items") { Description = "With --map: a JSON array; one task per element." };
        var args = new Option<string?>("--args") { Description = "With --map: JSON arguments every task gets." };
        var body = new Option<string?>("--body") { Description = "The body's handler (runs after all tasks)." };
        var bodyArgs = new Option<string?>("--body-args") { Description = "The body's JSON arguments." };
        var maxConcurrency = new Option<int?>("--max-concurrency") { Description = "Most of this chord's tasks running at once." };
        var priority = new Option<ChordPriority?>("--priority") { Description = "normal, high or low." };
        var key = new Option<string?>("--key") { Description = "The key its work counts under (a tenant, say): keys share the heavy lanes in turn and may have cluster-wide limits." };
        var keyLimit = new Option<int?>("--key-limit") { Description = "With --key: the most of the key's heavy tasks running at once across the cluster (at most the key's configured limit)." };
        var labels = CommandArguments.Labels("A label: who asked and for what.");
        var notify = new Option<string?>("--notify") { Description = "A webhook URL called when the chord finishes (the cluster must allow its host)." };
        var notifyEvents = new Option<WebhookEventKind[]>("--notify-event") { Description = "With --notify: succeeded, failed, cancelled or progress; repeat for more (default: the final three)." };
        var notifyEvery = new Option<int?>("--notify-every") { Description = "With --notify-event progress: every this many percent of the tasks completed." };
        var watch = new Option<bool>("--watch") { Description = "Follow the chord until it is final; exit 0 succeeded, 1 failed, 2 cancelled." };
        var json = CommandArguments.Json();
        var command = new Command("submit", "Submit a chord and print its id (or its snapshot with --json).")
        {
            spec, id, task, map, count, items, args, body, bodyArgs, maxConcurrency, priority, key, keyLimit, labels, notify, notifyEvents, notifyEvery, watch, json,
        };
        runner.Attach(command, async (parsed, context, cancellationToken) =>
        {
            var fromFlags = parsed.GetValue(task) is { Length: > 0 } || parsed.GetValue(map) is not null || parsed.GetValue(body) is not null;
            ChordRequest request;
            if (parsed.GetValue(spec) is { } path)
            {
                if (fromFlags)
                {
                    throw new CliUsageException("Give the chord as a spec file or as --task/--map/--body flags, not both.");
                }

                request = await ReadSpecAsync(path, cancellationToken);
            }
            else
            {
                request = FromFlags(parsed.GetValue(task) ?? [], parsed.GetValue(map), parsed.GetValue(count), parsed.GetValue(items), parsed.GetValue(args), parsed.GetValue(body), parsed.GetValue(bodyArgs));
            }

            if (parsed.GetValue(id) is { } given)
            {
                request = request with { Id = given };
            }

            if (CommandArguments.ParseLabels(parsed.GetValue(labels)) is { } givenLabels)
            {
                request = request with { Labels = request.Labels is { } fromFile ? new Dictionary<string, string>(fromFile.Concat(givenLabels).GroupBy(l => l.Key).Select(g => g.Last())) : givenLabels };
            }

            if (parsed.GetValue(key) is { } givenKey)
            {
                request = request with { Options = (request.Options ?? new ChordRunOptions()) with { Key = givenKey } };
            }

            if (parsed.GetValue(keyLimit) is { } givenKeyLimit)
            {
                request = request with { Options = (request.Options ?? new ChordRunOptions()) with { KeyLimit = givenKeyLimit } };
            }

            if (parsed.GetValue(maxConcurrency) is not null || parsed.GetValue(priority) is not null)
            {
                request = request with
                {
                    Options = (request.Options ?? new ChordRunOptions()) with
                    {
                        MaxConcurrency = parsed.GetValue(maxConcurrency) ?? request.Options?.MaxConcurrency,
                        Priority = parsed.GetValue(priority) ?? request.Options?.Priority,
                    },
                };
            }

            if (parsed.GetValue(notify) is { } url)
            {
                var events = parsed.GetValue(notifyEvents) is { Length: > 0 } named ? named : null;
                request = request with { Options = (request.Options ?? new ChordRunOptions()) with { Notify = new ChordWebhook(url, events, parsed.GetValue(notifyEvery)) } };
            }
            else if (parsed.GetValue(notifyEvents) is { Length: > 0 } || parsed.GetValue(notifyEvery) is not null)
            {
                throw new CliUsageException("--notify-event and --notify-every go with --notify URL.");
            }

            var submitted = await context.Client.SubmitAsync(request, cancellationToken);
            context.Line(parsed.GetValue(json) && !parsed.GetValue(watch) ? CliJson.Write(submitted) : submitted.Id);
            if (!parsed.GetValue(watch))
            {
                return ExitCodes.Succeeded;
            }

            return ExitCodes.Of(await ProgressDisplay.FollowAsync(context, submitted.Id, cancellationToken));
        });
        return command;
    }

    private static async Task<ChordRequest> ReadSpecAsync(string path, CancellationToken cancellationToken)
    {
        var text = path == "-" ? await Console.In.ReadToEndAsync(cancellationToken) : await File.ReadAllTextAsync(path, cancellationToken);
        try
        {
            return JsonSerializer.Deserialize<ChordRequest>(text, CliJson.Options) ?? throw new CliUsageException($"{path} holds no chord.");
        }
        catch (JsonException e)
        {
            throw new CliUsageException($"{path} is not a chord spec: {e.Message}");
        }
    }

    private static ChordRequest FromFlags(string[] tasks, string? map, int? count, string? items, string? args, string? body, string? bodyArgs)
    {
        if (body is null)
        {
            throw new CliUsageException("--body is required: the handler that runs after all tasks (or give a spec file).");
        }

        if ((tasks.Length > 0) == (map is not null))
        {
            throw new CliUsageException("Give the tasks with --task (repeated) or --map, one of the two.");
        }

        return new ChordRequest
        {
            Tasks = tasks.Length > 0 ? [.. tasks.Select(ParseTask)] : null,
            Map = map is null ? null : new ChordMap(map, count, CliJson.Parse(items, "--items") is { } array ? Elements(array) : null, CliJson.Parse(args, "--args")),
            Body = new ChordTask(body, CliJson.Parse(bodyArgs, "--body-args")),
        };
    }

    private static ChordTask ParseTask(string text)
    {
        var split = text.IndexOf('=', StringComparison.Ordinal);
        return split < 0 ? new ChordTask(text) : new ChordTask(text[..split], CliJson.Parse(text[(split + 1)..], "--task"));
    }

    private static List<object?> Elements(JsonElement array) =>
        array.ValueKind == JsonValueKind.Array ? [.. array.EnumerateArray().Select(e => (object?)e)] : throw new CliUsageException("--items must be a JSON array.");
}
