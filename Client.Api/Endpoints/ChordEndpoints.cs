using System.Net.ServerSentEvents;
using Chord.Api.Contracts;
using Chord.Api.Events;
using Chord.Api.Options;
using Chord.Api.Problems;
using Chord.Api.RateLimiting;
using Chord.Api.Resilience;
using Chord.Api.Versioning;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Chord.Api.Endpoints;

/// <summary><c>/chords</c>: submit, list, read, page through tasks, cancel, and stream progress.</summary>
public static class ChordEndpoints
{
    private const int DefaultChordsListed = 20;
    private const int DefaultTaskPageSize = 50;
    private const string GeneratedIdKey = "chord.generated-id";
    private const string SubmitTriedKey = "chord.submit-tried";

    public static IEndpointRouteBuilder MapChordEndpoints(this IEndpointRouteBuilder app)
    {
        var chords = app.MapGroup("/chords").WithTags("Chords")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        chords.MapPost("/", SubmitAsync).WithName("SubmitChord").RequireRateLimiting(ApiRateLimits.Submit)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Submit a chord: tasks (or a map) and a body. The same id and spec again answers 200 with the existing chord.")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        chords.MapGet("/", ListAsync).WithName("ListChords").WithSummary("Search every retained chord, newest first: by `status`, `handler` (its tasks' or body's), `label` (key:value, repeat for several, all must hold), `createdAfter` and `createdBefore`; `next` (null on the last page) is the `cursor` of the following page.");
        chords.MapGet("/{id}", GetAsync).WithName("GetChord").WithSummary("A chord's progress snapshot, with an `ETag` of its version: `If-None-Match` with it answers 304 until the chord changes.").ProducesProblem(StatusCodes.Status404NotFound);
        chords.MapGet("/{id}/progress", GetSeedProgressAsync).WithName("GetChordProgressView")
            .WithSummary("The progress view of the Celery shop Chord started from: `tasks_completed`, `tasks_total`, `status` (pending, started, retry, failure, successful: the body's state) and `result` (the body's, once successful).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        chords.MapGet("/{id}/tasks", ListTasksAsync).WithName("ListTasks")
            .WithSummary("A page of the chord's tasks from task index `offset`, optionally in one state; `next` is the following page's offset.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        chords.MapPost("/{id}/cancel", CancelAsync).WithName("CancelChord")
            .WithSummary("Cancel a chord: pending tasks never start, running ones see their token cancelled, the body does not run.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        chords.MapPatch("/{id}/options", UpdateOptionsAsync).WithName("UpdateChordOptions")
            .WithSummary("Change a running chord's options (`maxConcurrency`) from the next unit sent on.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        // Not run again on a transient failure: a redrive that landed but whose answer was lost would be refused as running.
        chords.MapPost("/{id}/redrive", RedriveAsync).WithName("RedriveChord").WithMetadata(NotRetried.Instance)
            .WithSummary("Run a failed or cancelled chord again: only its failed and never-run tasks run (their attempts go on counting), the succeeded keep their results, then the body runs. 409 while it runs, once it succeeded, or once its results were purged.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        chords.MapGet("/{id}/events", EventsAsync).WithName("ChordEvents").RequireRateLimiting(ApiRateLimits.Streams)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Server-sent events: `progress` on every change (at most ~10 per second), then `done` with the final snapshot; each `id` is the snapshot's version, `Last-Event-ID` resumes after it (204 once the final one was sent), and `ping` keeps a quiet stream open.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/events", WatchMany).WithTags("Chords").WithName("ChordsEvents").RequireRateLimiting(ApiRateLimits.Streams)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Server-sent events of several chords (`ids`, comma-separated) on one stream; ends when all are done.");
        return app;
    }

    public static async Task<Results<Created<ChordResponse>, Ok<ChordResponse>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        SubmitChordRequest? request, IGrainFactory grains, HttpContext http)
    {
        if (request is null)
        {
            return Invalid("", "A JSON body is required.");
        }

        if (request.Id is { Length: 0 })
        {
            return Invalid("id", "The id must not be empty; leave it out to have one generated.");
        }

        // Checked here as well as by the engine: a key Orleans refuses (e.g. blank) must not reach GetGrain.
        if (request.Id is { } given && BadId(given) is { } bad)
        {
            return bad;
        }

        if (request.IdInThen() is { } thenId)
        {
            return Invalid(thenId, "A then chord has no id of its own: it is submitted as {id}.then.");
        }

        var generated = request.Id is null;
        var id = request.Id ?? GeneratedId(http);
        var spec = request.ToSpec();
        try
        {
            // A generated id is new: the first try skips the chord's read of its state. A try again (the first
            // answer lost) must find what that try created, so it submits as usual; that chord was created by this request.
            var firstTry = http.Items.TryAdd(SubmitTriedKey, true);
            var result = generated && firstTry
                ? await grains.GetGrain<IChordGrain>(id).SubmitNewAsync(spec)
                : await grains.GetGrain<IChordGrain>(id).SubmitAsync(spec);
            var body = ChordResponse.From(result.Progress);
            return result.Created || generated ? TypedResults.Created(LinkTo(http, id), body) : TypedResults.Ok(body);
        }
        catch (ChordValidationException invalid)
        {
            return ApiProblems.Invalid(invalid.Errors, "The chord spec is invalid.");
        }
        catch (ChordConflictException conflict)
        {
            return ApiProblems.Of(StatusCodes.Status409Conflict, ProblemCodes.ConflictingSpec, "Conflict", conflict.Message);
        }
    }

    public static async Task<Results<Ok<ChordListResponse>, ValidationProblem>> ListAsync(
        IGrainFactory grains, IOptions<ApiOptions> options, string? status = null, int? limit = null, string? cursor = null,
        string? handler = null, string[]? label = null, DateTimeOffset? createdAfter = null, DateTimeOffset? createdBefore = null)
    {
        ChordListCursor? after = null;
        if (cursor is not null && !ChordListCursors.TryDecode(cursor, out after))
        {
            return Invalid("cursor", "cursor must be a `next` value this API returned.");
        }

        var max = options.Value.MaxChordsListed;
        if (limit is < 1 || limit > max)
        {
            return Invalid("limit", $"limit must be between 1 and {max}.");
        }

        var (query, badFilter) = SearchFilters.Read(status, handler, label, createdAfter, createdBefore);
        if (badFilter is not null)
        {
            return badFilter;
        }

        // One more than the page: whether there is a next page is known without a request that finds none.
        var size = limit ?? DefaultChordsListed;
        var found = await grains.GetGrain<IChordIndexGrain>(0).SearchAsync(query!, size + 1, after);
        var entries = found.Take(size).ToArray();
        var snapshots = await Task.WhenAll(entries.Select(e => grains.GetGrain<IChordGrain>(e.Id).GetProgressAsync()));

        // An entry whose chord was never committed (its submit failed after listing it) has no snapshot.
        // The index's status can trail the chord's: filter again on the snapshot (so a page may hold fewer than
        // `limit`; the cursor goes on from the index's last entry all the same).
        var items = snapshots.OfType<ChordProgress>().Where(p => query!.Status is not { } wanted || p.Status == wanted).Select(ChordResponse.From).ToArray();
        var next = found.Length > size ? ChordListCursors.Encode(ChordListCursor.After(entries[^1])) : null;
        return TypedResults.Ok(new ChordListResponse(items, next));
    }

    public static async Task<Results<Ok<ChordResponse>, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult>> GetAsync(
        string id, IGrainFactory grains, HttpResponse response, [FromHeader(Name = "If-None-Match")] string? ifNoneMatch = null)
    {
        if (BadId(id) is { } bad)
        {
            return bad;
        }

        var progress = await grains.GetGrain<IChordGrain>(id).GetProgressAsync();
        if (progress is null)
        {
            return NotFound(id);
        }

        // The snapshot's version (with when the chord was created: an id reused after a deletion starts again at
        // version 1). A poller that has it gets 304 and no body; the rate and ETA are those of that version.
        var etag = SnapshotETag(progress);
        response.Headers.ETag = etag;
        return ifNoneMatch is not null && ifNoneMatch.Split(',').Any(tag => tag.Trim() is var t && (t == etag || t == "*"))
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(ChordResponse.From(progress));
    }

    /// <summary>The id made for this request: the same when the transient-failure filter runs the submit again.</summary>
    private static string GeneratedId(HttpContext http)
    {
        if (http.Items[GeneratedIdKey] is not string id)
        {
            id = Guid.NewGuid().ToString("N");
            http.Items[GeneratedIdKey] = id;
        }

        return id;
    }

    private static string LinkTo(HttpContext http, string id) => $"{ApiVersionAliases.RootOf(http)}/chords/{Uri.EscapeDataString(id)}";

    private static string SnapshotETag(ChordProgress progress) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"\"{progress.CreatedAt.UtcTicks:x}-{progress.Version}\"");

    public static async Task<Results<Ok<SeedProgressResponse>, ValidationProblem, ProblemHttpResult>> GetSeedProgressAsync(string id, IGrainFactory grains)
    {
        if (BadId(id) is { } bad)
        {
            return bad;
        }

        var progress = await grains.GetGrain<IChordGrain>(id).GetProgressAsync();
        return progress is null ? NotFound(id) : TypedResults.Ok(SeedProgressResponse.From(progress));
    }

    public static async Task<Results<Ok<TaskListResponse>, ValidationProblem, ProblemHttpResult>> ListTasksAsync(
        string id, IGrainFactory grains, IOptions<ApiOptions> options, string? state = null, int? offset = null, int? limit = null)
    {
        if (BadId(id) is { } bad)
        {
            return bad;
        }

        var max = options.Value.MaxTaskPageSize;
        if (limit is < 1 || limit > max)
        {
            return Invalid("limit", $"limit must be between 1 and {max}.");
        }

        if (offset is < 0)
        {
            return Invalid("offset", "offset must be 0 or more.");
        }

        TaskPhase? phase = null;
        if (state is not null)
        {
            if (!QueryEnums.TryParse<TaskPhase>(state, out var parsed))
            {
                return Invalid("state", $"state must be one of: {QueryEnums.Names<TaskPhase>()}.");
            }

            phase = parsed;
        }

        var query = new TaskQuery(phase, offset ?? 0, limit ?? DefaultTaskPageSize);
        var page = await grains.GetGrain<IChordGrain>(id).ListTasksAsync(query);
        if (page is null)
        {
            return NotFound(id);
        }

        if (page.Purged)
        {
            return ApiProblems.Of(StatusCodes.Status410Gone, ProblemCodes.Purged, "Gone", $"The task records of chord '{id}' were purged after the result retention; its counts and body result remain at /chords/{id}.");
        }

        return TypedResults.Ok(new TaskListResponse([.. page.Items.Select(TaskResponse.From)], page.Total, query.Offset, query.Limit, page.Next));
    }

    public static async Task<Results<Accepted<CancelResponse>, Ok<CancelResponse>, ValidationProblem, ProblemHttpResult>> CancelAsync(string id, IGrainFactory grains, HttpContext http)
    {
        if (BadId(id) is { } bad)
        {
            return bad;
        }

        var progress = await grains.GetGrain<IChordGrain>(id).CancelAsync();
        if (progress is null)
        {
            return NotFound(id);
        }

        var chord = ChordResponse.From(progress);
        var location = LinkTo(http, id);
        return progress switch
        {
            { IsFinal: true } => TypedResults.Ok(new CancelResponse(false, $"The chord already finished ({progress.Status.ToString().ToLowerInvariant()}); nothing was changed.", chord)),
            { Failing: true } => TypedResults.Accepted(location, new CancelResponse(true, "The chord is already failing (a task failed past its tolerance): its running tasks are being cancelled, and it will end failed, not cancelled.", chord)),
            _ => TypedResults.Accepted(location, new CancelResponse(true, "Cancellation requested: pending tasks will not start, running ones are being cancelled, the body will not run.", chord)),
        };
    }

    public static async Task<Results<Ok<ChordResponse>, ValidationProblem, ProblemHttpResult>> UpdateOptionsAsync(string id, OptionsUpdateRequest? request, IGrainFactory grains)
    {
        if (BadId(id) is { } bad)
        {
            return bad;
        }

        if (request is null)
        {
            return Invalid("", "A JSON body is required.");
        }

        try
        {
            var progress = await grains.GetGrain<IChordGrain>(id).UpdateOptionsAsync(request.ToUpdate());
            return progress is null ? NotFound(id) : TypedResults.Ok(ChordResponse.From(progress));
        }
        catch (ChordValidationException invalid)
        {
            return ApiProblems.Invalid(invalid.Errors, "The options are invalid.");
        }
        catch (ChordFinishedException finished)
        {
            return ApiProblems.Of(StatusCodes.Status409Conflict, ProblemCodes.Finished, "Conflict", finished.Message);
        }
    }

    public static async Task<Results<Accepted<ChordResponse>, ValidationProblem, ProblemHttpResult>> RedriveAsync(string id, IGrainFactory grains, HttpContext http)
    {
        if (BadId(id) is { } bad)
        {
            return bad;
        }

        try
        {
            var progress = await grains.GetGrain<IChordGrain>(id).RedriveAsync();
            return progress is null ? NotFound(id) : TypedResults.Accepted(LinkTo(http, id), ChordResponse.From(progress));
        }
        catch (ChordNotRedrivableException refused)
        {
            return ApiProblems.Of(StatusCodes.Status409Conflict, ProblemCodes.NotRedrivable, "Conflict", refused.Message);
        }
    }

    public static async Task<Results<ServerSentEventsResult<ChordResponse?>, NoContent, ValidationProblem, ProblemHttpResult>> EventsAsync(
        string id, IGrainFactory grains, ChordEventStream events, IOptions<ApiOptions> options, CancellationToken cancellationToken,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventId = null)
    {
        if (BadId(id) is { } bad)
        {
            return bad;
        }

        var progress = await grains.GetGrain<IChordGrain>(id).GetProgressAsync();
        if (progress is null)
        {
            return NotFound(id);
        }

        // A reconnect names the last version it got: it gets only later ones. One that already got the final
        // snapshot gets 204, which tells an EventSource to stop reconnecting.
        var after = long.TryParse(lastEventId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var last) ? last : -1;
        if (progress.IsFinal && after >= progress.Version)
        {
            return TypedResults.NoContent();
        }

        var api = options.Value;
        return TypedResults.ServerSentEvents(SseKeepAlive.WithPings(events.WatchAsync(id, api.EventInterval, cancellationToken, after, api.EventRetry), api.EventKeepAlive, cancellationToken));
    }

    public static Results<ServerSentEventsResult<ChordResponse?>, ValidationProblem> WatchMany(
        ChordEventStream events, IOptions<ApiOptions> options, CancellationToken cancellationToken, string? ids = null)
    {
        var list = (ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToArray();
        var max = options.Value.MaxChordsWatched;
        if (list.Length is 0 || list.Length > max)
        {
            return Invalid("ids", $"ids must name 1 to {max} chords, comma-separated.");
        }

        if (list.FirstOrDefault(id => !ChordIds.HasValidForm(id, ChordIds.HardMaxLength)) is { } wrong)
        {
            return Invalid("ids", $"'{Shorten(wrong)}' is not a chord id. {ChordIds.Rule(ChordIds.HardMaxLength)}");
        }

        return TypedResults.ServerSentEvents(SseKeepAlive.WithPings(events.WatchAllAsync(list, options.Value.EventInterval, cancellationToken), options.Value.EventKeepAlive, cancellationToken));
    }

    private static ValidationProblem? BadId(string id) =>
        ChordIds.HasValidForm(id, ChordIds.HardMaxLength) ? null : Invalid("id", ChordIds.Rule(ChordIds.HardMaxLength));

    private static ValidationProblem Invalid(string field, string message) =>
        ApiProblems.Invalid(new Dictionary<string, string[]> { [field] = [message] });

    private static ProblemHttpResult NotFound(string id) =>
        ApiProblems.Of(StatusCodes.Status404NotFound, ProblemCodes.NotFound, "Not found", $"No chord has the id '{id}'.");

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
