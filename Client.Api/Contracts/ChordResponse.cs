using System.Text.Json;

namespace Chord.Api.Contracts;

/// <summary>A chord's progress snapshot as JSON, with how often it was redriven and the options it runs with.</summary>
public sealed record ChordResponse(
    string Id,
    ChordStatus Status,
    TaskCountsResponse Tasks,
    BodyResponse Body,
    DateTimeOffset CreatedAt,
    DateTimeOffset? TasksFinishedAt,
    DateTimeOffset? FinishedAt,
    double TasksPerSecond,
    double? EtaSeconds,
    TaskFailure[] Failures,
    long Version,
    int Redrives,
    OptionsResponse? Options)
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
        OptionsResponse.From(p.Options));
}
