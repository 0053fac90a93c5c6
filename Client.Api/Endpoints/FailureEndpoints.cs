using Chord.Api.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Chord.Api.Endpoints;

/// <summary><c>/failures</c>: failed work across every retained chord, grouped by handler and error type.</summary>
public static class FailureEndpoints
{
    /// <summary>The groups answered with a sample each at most (a sample costs two grain calls).</summary>
    private const int MostSampled = 50;

    public static IEndpointRouteBuilder MapFailureEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/failures", GetAsync).WithTags("Failures").WithName("GetFailures")
            .WithSummary("The failed tasks of every retained chord (created since `since`, with every `label` key:value, of `handler` and `errorType` when given), grouped by handler and error type, most first: counts, the latest chords, and a sample message and stack trace each.");
        return app;
    }

    public static async Task<Results<Ok<FailuresResponse>, ValidationProblem>> GetAsync(
        IGrainFactory grains, DateTimeOffset? since = null, string? handler = null, string? errorType = null, string[]? label = null)
    {
        var (labels, badLabel) = LabelFilters.Read(label);
        if (badLabel is not null)
        {
            return badLabel;
        }

        var query = new FailureQuery
        {
            Since = since,
            Handler = handler is { Length: > 0 } ? handler : null,
            ErrorType = errorType is { Length: > 0 } ? errorType : null,
            Labels = labels,
        };
        var summaries = await grains.GetGrain<IChordIndexGrain>(0).FailuresAsync(query);
        var samples = await Task.WhenAll(summaries.Take(MostSampled).Select(s => SampleAsync(grains, s)));
        var groups = summaries.Select((s, i) => new FailureGroupResponse(s.Handler, s.ErrorType, s.Count, s.Chords,
            [.. s.Latest.Select(e => new ChordListEntryResponse(e.Id, e.CreatedAt, e.Status))], i < samples.Length ? samples[i] : null));
        return TypedResults.Ok(new FailuresResponse([.. groups]));
    }

    /// <summary>The group's first failed task in its latest chord: the message from the chord, the stack trace from the task's record.</summary>
    private static async Task<FailureSampleResponse?> SampleAsync(IGrainFactory grains, FailureSummary summary)
    {
        if (summary.Latest is not [var latest, ..])
        {
            return null;
        }

        var chord = grains.GetGrain<IChordGrain>(latest.Id);
        var group = (await chord.GetProgressAsync())?.FailureGroups.FirstOrDefault(g => g.Handler == summary.Handler && g.ErrorType == summary.ErrorType);
        if (group is null)
        {
            return null;
        }

        string? stackTrace = null;
        try
        {
            var page = await chord.ListTasksAsync(new TaskQuery(null, group.SampleIndex, 1));
            stackTrace = page is { Purged: false, Items: [var task, ..] } && task.Index == group.SampleIndex ? task.Error?.StackTrace : null;
        }
        catch (ChordBusyException)
        {
            // Its silo is at its limit of listings: the sample goes without its stack trace this time.
        }

        return new FailureSampleResponse(latest.Id, group.SampleIndex, group.SampleMessage, stackTrace);
    }
}
