namespace Chord.Api.Contracts;

/// <summary>The body of <c>POST /chords</c>.</summary>
public sealed record SubmitChordRequest(string? Id, TaskRequest[]? Tasks, MapRequest? Map, TaskRequest? Body, OptionsRequest? Options)
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
        },
    };

    private static string? Raw(System.Text.Json.JsonElement? element) =>
        element is { ValueKind: not System.Text.Json.JsonValueKind.Undefined } e ? e.GetRawText() : null;
}
