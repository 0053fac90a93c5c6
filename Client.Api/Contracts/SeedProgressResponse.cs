using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chord.Api.Contracts;

/// <summary>
/// The progress view of the Celery shop Chord started from (<c>check_batch_result</c>), field for field, so a front
/// end written for it works unchanged: <c>tasks_completed</c> of <c>tasks_total</c> (tasks done in any state, so the
/// bar reaches the end), <c>status</c> in that view's words from the body's state (<c>pending</c>, <c>started</c>,
/// <c>retry</c>, <c>failure</c>, <c>successful</c>), and <c>result</c>, the body's result once it succeeded (null before).
/// Fixed where that view was wrong: a failed body reads <c>failure</c> (it tested <c>RETRY</c> twice), and so does a
/// chord that ended without its body running (failed or cancelled).
/// </summary>
public sealed record SeedProgressResponse(
    [property: JsonPropertyName("tasks_completed"), Description("Tasks done, in any state.")] int TasksCompleted,
    [property: JsonPropertyName("tasks_total"), Description("Tasks in all.")] int TasksTotal,
    [property: JsonPropertyName("status"), Description("The body's state: pending, started, retry, failure or successful.")] string Status,
    [property: JsonPropertyName("result"), Description("The body's result once successful; null before.")] JsonElement? Result)
{
    public static SeedProgressResponse From(ChordProgress p)
    {
        var status = p.Body.Status switch
        {
            BodyStatus.Success => "successful",
            BodyStatus.Failure => "failure",
            _ when p.IsFinal => "failure", // ended without the body: failed or cancelled
            BodyStatus.Started => "started",
            BodyStatus.Retry => "retry",
            _ => "pending",
        };
        return new SeedProgressResponse(p.Tasks.Completed, p.Tasks.Total, status, status == "successful" ? RawJson.ToElement(p.Body.Result) : null);
    }
}
