using System.ComponentModel;
namespace Chord.Api.Contracts;

/// <summary>The body of <c>POST /chords</c>.</summary>
public sealed record SubmitChordRequest(
    [property: Description("The chord's id: letters, digits and . _ - (at most 200). Leave it out to have one generated. The same id with the same spec again answers 200 with the existing chord; with another spec, 409 conflicting-spec.")] string? Id,
    [property: Description("The parallel tasks, each a registered task handler and its JSON arguments. Give tasks or map, not both.")] TaskRequest[]? Tasks,
    [property: Description("One handler over count indexes or over items: a large chord as a small request. Give tasks or map, not both.")] MapRequest? Map,
    [property: Description("The body: a registered body handler that runs once after every task, with their results.")] TaskRequest? Body,
    [property: Description("Per-chord options; each one left out takes the silos' default.")] OptionsRequest? Options,
    [property: Description("Who asked and for what: up to 16 string pairs (keys of letters, digits and . _ / -; values up to 256 characters), shown with the chord and searchable (GET /v1/chords?label=key:value).")] Dictionary<string, string>? Labels = null,
    [property: Description("A chord submitted when this one succeeds, under the id {id}.then (no id of its own); its map may take items from this chord's body result (itemsFrom); it carries this chord's labels unless it has its own.")] SubmitChordRequest? Then = null,
    [property: Description("A body handler run once if this chord fails (Celery's errback), as the chord {id}.onfailure of no tasks; its args are {\"failed\": the failed snapshot, \"args\": these args}.")] TaskRequest? OnFailure = null)
{
    /// <summary>The grain-call spec; JSON arguments travel as raw JSON text.</summary>
    public ChordSpec ToSpec() => new()
    {
        Tasks = Tasks?.Select(t => new TaskSpec(t?.Handler ?? "", Raw(t?.Args))).ToArray(),
        Map = Map is null ? null : new MapSpec
        {
            Handler = Map.Handler ?? "",
            Count = Map.Count,
            Items = Map.Items?.Select(i => i.GetRawText()).ToArray(),
            Args = Raw(Map.Args),
            ItemsFrom = Map.ItemsFrom,
        },
        Body = Body is null ? null! : new TaskSpec(Body.Handler ?? "", Raw(Body.Args)),
        Options = Options is null ? null : new ChordOptions
        {
            MaxConcurrency = Options.MaxConcurrency,
            MaxAttempts = Options.MaxAttempts,
            Retry = Options.Retry?.ToOptions(),
            BodyRetry = Options.BodyRetry?.ToOptions(),
            TaskTimeoutMs = Options.TaskTimeoutMs,
            ToleratedFailures = Options.ToleratedFailures,
            ToleratedFailurePercent = Options.ToleratedFailurePercent,
            Priority = Options.Priority,
            HeartbeatTimeoutMs = Options.HeartbeatTimeoutMs,
            BodyTimeoutMs = Options.BodyTimeoutMs,
            Notify = Options.Notify?.ToSpec(),
            Key = Options.Key,
            KeyLimit = Options.KeyLimit,
        },
        Labels = Labels,
        Then = Then?.ToSpec(),
        OnFailure = OnFailure is null ? null : new TaskSpec(OnFailure.Handler ?? "", Raw(OnFailure.Args)),
    };

    /// <summary>The path of an id given in a <c>then</c> (its id is derived), if one is.</summary>
    public string? IdInThen(string path = "then") => Then is null ? null : Then.Id is not null ? path + ".id" : Then.IdInThen(path + ".then");

    private static string? Raw(System.Text.Json.JsonElement? element) =>
        element is { ValueKind: not System.Text.Json.JsonValueKind.Undefined } e ? e.GetRawText() : null;
}
