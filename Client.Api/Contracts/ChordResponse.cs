using System.ComponentModel;
using System.Text.Json;

namespace Chord.Api.Contracts;

/// <summary>A chord's progress snapshot as JSON, with how often it was redriven and the options it runs with.</summary>
public sealed record ChordResponse(
    [property: Description("The chord's id.")] string Id,
    [property: Description("The chord's own state: pending, running, completing (the body runs), succeeded, failed, cancelling, cancelled.")] ChordStatus Status,
    [property: Description("Exact task counts.")] TaskCountsResponse Tasks,
    [property: Description("The body: its state in Celery's words, attempts, result or error.")] BodyResponse Body,
    [property: Description("When the chord was accepted.")] DateTimeOffset CreatedAt,
    [property: Description("When its last task finished; null before.")] DateTimeOffset? TasksFinishedAt,
    [property: Description("When it became final; null before.")] DateTimeOffset? FinishedAt,
    [property: Description("Tasks completed per second, recently.")] double TasksPerSecond,
    [property: Description("Seconds until every task is done at the recent rate; null when unknown or final.")] double? EtaSeconds,
    [property: Description("The first failed tasks (a few), with their errors.")] TaskFailure[] Failures,
    [property: Description("Grows with every change: the ETag, and the id of the event that carried this snapshot.")] long Version,
    [property: Description("How many times the chord was redriven.")] int Redrives,
    [property: Description("The options it runs with (the silos' defaults filled in).")] OptionsResponse? Options,
    [property: Description("The labels it was submitted with; null: none.")] Dictionary<string, string>? Labels = null,
    [property: Description("Its failed tasks counted by handler and error type, each with a sample task index and message.")] FailureGroup[]? FailureGroups = null,
    [property: Description("The chord its then (or onFailure) submitted, once it did; null before or without one.")] string? Next = null,
    [property: Description("The chord whose then or onFailure submitted this one; null for a chord submitted by a caller.")] string? Previous = null,
    [property: Description("Why its then or onFailure could not be submitted (e.g. itemsFrom named no array); null otherwise.")] string? ContinuationError = null,
    [property: Description("The cluster-wide limit its queued tasks wait on now, if one does: key:{key} or handler:{handler}; null otherwise.")] string? HeldBy = null)
{
    public static ChordResponse From(ChordProgress p) => new(
        p.Id,
        p.Status,
        new TaskCountsResponse(p.Tasks.Total, p.Tasks.Pending, p.Tasks.Running, p.Tasks.Succeeded, p.Tasks.Failed, p.Tasks.Cancelled, p.Tasks.Completed, p.Tasks.Queued),
        new BodyResponse(p.Body.Handler, p.Body.Status, p.Body.Attempts, RawJson.ToElement(p.Body.Result), p.Body.Error),
        p.CreatedAt,
        p.TasksFinishedAt,
        p.FinishedAt,
        p.TasksPerSecond,
        p.EtaSeconds,
        p.Failures,
        p.Version,
        p.Redrives,
        OptionsResponse.From(p.Options),
        p.Labels,
        p.FailureGroups,
        p.Next,
        p.Previous,
        p.ContinuationError,
        p.HeldBy);
}
