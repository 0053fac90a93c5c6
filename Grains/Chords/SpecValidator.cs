using System.Text.Json;
using Chord.Grains.Handlers;
using Chord.Grains.Limits;
using Microsoft.Extensions.Options;

namespace Chord.Grains.Chords;

/// <summary>
/// Checks a chord id and spec before anything is created. Every problem is reported at once, keyed by the
/// field path a client sent (<c>tasks[2].handler</c>, <c>map.count</c>, …).
/// </summary>
internal sealed class SpecValidator(HandlerCatalog catalog, IOptions<ChordEngineOptions> options, Webhooks.WebhookHosts webhookHosts, CurrentLimits limits)
{
    private const int MaxAttempts = 100;
    private const int MaxBackoffMs = 24 * 60 * 60 * 1000;

    // A spec with 100,000 bad tasks gets a readable answer, not a 100,000-line one.
    private const int MaxFieldsReported = 50;

    /// <summary>Throws <see cref="ChordValidationException"/> listing every problem, if there is any.</summary>
    public void EnsureValid(string id, ChordSpec spec)
    {
        var errors = Validate(id, spec);
        if (errors.Count > 0)
        {
            throw new ChordValidationException(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }
    }

    public Dictionary<string, List<string>> Validate(string id, ChordSpec spec)
    {
        var errors = new Dictionary<string, List<string>>();
        var unreported = 0;
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                if (errors.Count >= MaxFieldsReported)
                {
                    unreported++;
                    return;
                }

                errors[field] = list = [];
            }

            list.Add(message);
        }

        var limits = options.Value;
        if (!ChordIds.HasValidForm(id, limits.MaxIdLength))
        {
            Add("id", ChordIds.Rule(limits.MaxIdLength));
        }

        ValidateSpec(spec, id, isThen: false, Add);

        if (unreported > 0)
        {
            errors["..."] = [$"{unreported} more field(s) are invalid; fix the ones above and submit again."];
        }

        return errors;
    }

    /// <summary>
    /// One spec: the top one, or a <c>then</c> within it (its fields reported under <c>then.</c>, its id the one
    /// it will be submitted under), where a map may take its items from the previous body's result.
    /// </summary>
    private void ValidateSpec(ChordSpec spec, string id, bool isThen, Action<string, string> add)
    {
        var limits = options.Value;
        switch (spec.Tasks, spec.Map)
        {
            case (null, null):
                add("tasks", "Give either 'tasks' or 'map'.");
                break;
            case ({ }, { }):
                add("tasks", "Give either 'tasks' or 'map', not both.");
                break;
            case ({ } tasks, null):
                ValidateTasks(tasks, limits.MaxTasksPerChord, add);
                break;
            case (null, { } map):
                ValidateMap(map, limits.MaxTasksPerChord, add, isThen);
                break;
        }

        foreach (var (field, message) in ChordLabels.Problems(spec.Labels))
        {
            add(field, message);
        }

        if (spec.Body is null)
        {
            add("body", "The body is required.");
        }
        else
        {
            ValidateHandler("body.handler", spec.Body.Handler, HandlerKind.Body, add);
            ValidateJson("body.args", spec.Body.Args, add);
        }

        if (spec.Options?.MaxConcurrency is < 1)
        {
            add("options.maxConcurrency", "maxConcurrency must be at least 1.");
        }

        if (spec.Options?.MaxAttempts is < 1 or > MaxAttempts)
        {
            add("options.maxAttempts", $"maxAttempts must be between 1 and {MaxAttempts}.");
        }

        if (spec.Options?.TaskTimeoutMs is < 1 or > MaxBackoffMs)
        {
            add("options.taskTimeoutMs", $"taskTimeoutMs must be between 1 and {MaxBackoffMs}.");
        }

        if (spec.Options?.BodyTimeoutMs is < 1 or > MaxBackoffMs)
        {
            add("options.bodyTimeoutMs", $"bodyTimeoutMs must be between 1 and {MaxBackoffMs}.");
        }

        if (spec.Options?.HeartbeatTimeoutMs is < 1 or > MaxBackoffMs)
        {
            add("options.heartbeatTimeoutMs", $"heartbeatTimeoutMs must be between 1 and {MaxBackoffMs}.");
        }

        if (spec.Options?.Priority is { } priority && !Enum.IsDefined(priority))
        {
            add("options.priority", "priority must be high, normal or low.");
        }

        if (spec.Options?.ToleratedFailures is < 0)
        {
            add("options.toleratedFailures", "toleratedFailures must be 0 or more.");
        }

        if (spec.Options?.ToleratedFailurePercent is { } percent && !(percent >= 0 && percent <= 100))
        {
            add("options.toleratedFailurePercent", "toleratedFailurePercent must be between 0 and 100.");
        }

        ValidateRetry("options.retry", spec.Options?.Retry, add);
        ValidateRetry("options.bodyRetry", spec.Options?.BodyRetry, add);
        ValidateNotify(spec.Options?.Notify, add);
        if (spec.Options?.Key is { } key && !ChordLabels.IsValidKey(key))
        {
            add("options.key", "key is 1–63 letters, digits and . _ / -, starting with a letter or digit (a tenant, say).");
        }

        ValidateKeyLimit(spec.Options, add);

        ValidateContinuations(spec, id, add);
    }

    /// <summary>A chord's own limit on its key: with a key, positive, and no more than the key's configured one.</summary>
    private void ValidateKeyLimit(ChordOptions? chordOptions, Action<string, string> add)
    {
        if (chordOptions?.KeyLimit is not { } keyLimit)
        {
            return;
        }

        if (chordOptions.Key is null)
        {
            add("options.keyLimit", "keyLimit needs a key: it limits the key's tasks running at once.");
        }
        else if (keyLimit is < 1 or > LimitOptions.MaxValue)
        {
            add("options.keyLimit", "keyLimit must be between 1 and 1,000,000.");
        }
        else if (limits.Key(chordOptions.Key)?.MaxRunning is { } configured && keyLimit > configured)
        {
            add("options.keyLimit", $"keyLimit must be at most the key's limit, {configured} (Chord:Limits:Keys:{chordOptions.Key}:MaxRunning).");
        }
    }

    /// <summary>A <c>then</c> is a spec of its own under the id <c>{id}.then</c>; an <c>onFailure</c> is a body handler.</summary>
    private void ValidateContinuations(ChordSpec spec, string id, Action<string, string> add)
    {
        var maxId = options.Value.MaxIdLength;
        if (spec.OnFailure is { } onFailure)
        {
            ValidateHandler("onFailure.handler", onFailure.Handler, HandlerKind.Body, add);
            ValidateJson("onFailure.args", onFailure.Args, add);
            if (ChordContinuation.OnFailureId(id, drive: 0).Length + 3 > maxId)
            {
                add("onFailure", $"The errback's id ('{ChordContinuation.OnFailureId(id, 0)}' and its redrives') would be longer than {maxId} characters.");
            }
        }

        if (spec.Then is { } then)
        {
            var next = ChordContinuation.ThenId(id);
            if (next.Length > maxId)
            {
                add("then", $"The next chord's id ('{next}') would be longer than {maxId} characters: a shorter id or chain.");
                return;
            }

            ValidateSpec(then, next, isThen: true, (field, message) => add("then." + field, message));
        }
    }

    /// <summary>A webhook: a URL the cluster may call, known events each once, a step of 1–100 percent.</summary>
    private void ValidateNotify(NotifySpec? notify, Action<string, string> add)
    {
        if (notify is null)
        {
            return;
        }

        if (webhookHosts.WhyNot(notify.Url) is { } refused)
        {
            add("options.notify.url", refused);
        }

        if (notify.Events is { } events && (events.Any(e => !Enum.IsDefined(e)) || events.Distinct().Count() != events.Length))
        {
            add("options.notify.events", "events must name succeeded, failed, cancelled or progress, each once.");
        }

        if (notify.ProgressEveryPercent is < 1 or > 100)
        {
            add("options.notify.progressEveryPercent", "progressEveryPercent must be between 1 and 100.");
        }
    }

    private static void ValidateRetry(string field, RetryOptions? retry, Action<string, string> add)
    {
        if (retry is null)
        {
            return;
        }

        if (retry.MaxAttempts is < 1 or > MaxAttempts)
        {
            add($"{field}.maxAttempts", $"maxAttempts must be between 1 and {MaxAttempts}.");
        }

        if (retry.BackoffMs is < 0 or > MaxBackoffMs)
        {
            add($"{field}.backoffMs", $"backoffMs must be between 0 and {MaxBackoffMs}.");
        }

        if (retry.MaxBackoffMs is < 0 or > MaxBackoffMs)
        {
            add($"{field}.maxBackoffMs", $"maxBackoffMs must be between 0 and {MaxBackoffMs}.");
        }
        else if (retry is { BackoffMs: { } backoff, MaxBackoffMs: { } max } && max < backoff)
        {
            add($"{field}.maxBackoffMs", "maxBackoffMs cannot be less than backoffMs.");
        }
    }

    private void ValidateTasks(TaskSpec[] tasks, int maxTasks, Action<string, string> add)
    {
        if (tasks.Length > maxTasks)
        {
            add("tasks", $"A chord may have at most {maxTasks} tasks; this one has {tasks.Length}.");
            return;
        }

        for (var i = 0; i < tasks.Length; i++)
        {
            if (tasks[i] is null)
            {
                add($"tasks[{i}]", "A task cannot be null.");
                continue;
            }

            ValidateHandler($"tasks[{i}].handler", tasks[i].Handler, HandlerKind.Task, add);
            ValidateJson($"tasks[{i}].args", tasks[i].Args, add);
        }
    }

    private void ValidateMap(MapSpec map, int maxTasks, Action<string, string> add, bool isThen)
    {
        ValidateHandler("map.handler", map.Handler, HandlerKind.Task, add);
        ValidateJson("map.args", map.Args, add);
        if (map.ItemsFrom is { } from)
        {
            if (!isThen)
            {
                add("map.itemsFrom", "Only a 'then' chord's map takes its items from the previous chord's body result.");
            }
            else if (map.Count is not null || map.Items is not null)
            {
                add("map.itemsFrom", "Give one of 'count', 'items' or 'itemsFrom'.");
            }
            else if (!ChordContinuation.IsPath(from))
            {
                add("map.itemsFrom", "itemsFrom is a field of the body's result (letters, digits, _ and -; dotted for a nested one), or $ for the result itself.");
            }

            return;
        }

        switch (map.Count, map.Items)
        {
            case (null, null):
                add("map.count", "Give either 'count' or 'items'.");
                break;
            case ({ }, { }):
                add("map.count", "Give either 'count' or 'items', not both.");
                break;
            case ({ } count, null) when count < 0 || count > maxTasks:
                add("map.count", $"count must be between 0 and {maxTasks}.");
                break;
            case (null, { } items) when items.Length > maxTasks:
                add("map.items", $"items may have at most {maxTasks} entries.");
                break;
            case (null, { } items):
                if (map.Args is not null)
                {
                    add("map.args", "'args' goes with 'count'; with 'items', each item is a task's arguments.");
                }

                for (var i = 0; i < items.Length; i++)
                {
                    ValidateJson($"map.items[{i}]", items[i] ?? "null", add);
                }

                break;
        }
    }

    private void ValidateHandler(string field, string? name, HandlerKind kind, Action<string, string> add)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            add(field, "The handler name is required.");
            return;
        }

        var descriptor = catalog.Find(name);
        if (descriptor is null || descriptor.Kind != kind)
        {
            var known = string.Join(", ", catalog.All.Where(d => d.Kind == kind).Select(d => d.Name).Order(StringComparer.Ordinal));
            var what = kind is HandlerKind.Task ? "task" : "body";
            var why = descriptor is null ? "unknown" : $"a {descriptor.Kind.ToString().ToLowerInvariant()} handler, not a {what} handler";
            add(field, $"'{name}' is {why}; the {what} handlers are: {known}.");
        }
    }

    private void ValidateJson(string field, string? json, Action<string, string> add)
    {
        if (json is null)
        {
            return;
        }

        var maxBytes = options.Value.MaxArgsBytes;
        if (json.Length > maxBytes || System.Text.Encoding.UTF8.GetByteCount(json) > maxBytes)
        {
            add(field, $"The arguments are larger than {maxBytes} bytes of JSON.");
            return;
        }

        try
        {
            using var _ = JsonDocument.Parse(json);
        }
        catch (JsonException exception)
        {
            add(field, $"Not valid JSON: {exception.Message}");
        }
    }
}
