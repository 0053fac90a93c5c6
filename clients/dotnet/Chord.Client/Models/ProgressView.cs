using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chord.Client;

/// <summary>
/// The progress view of the Celery shop Chord started from: tasks done (in any state) of all, the body's state in that
/// view's words (<c>pending</c>, <c>started</c>, <c>retry</c>, <c>failure</c>, <c>successful</c>) and its result once successful.
/// </summary>
public sealed record ProgressView(
    [property: JsonPropertyName("tasks_completed")] int TasksCompleted,
    [property: JsonPropertyName("tasks_total")] int TasksTotal,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("result")] JsonElement? Result);
