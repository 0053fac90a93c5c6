using Chord.Api.Contracts;
using Chord.Api.Problems;
using Chord.Api.Versioning;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Chord.Api.Endpoints;

/// <summary>
/// Bulk operations: <c>POST /chords/redrive</c> and <c>POST /chords/cancel</c> start one over chords named by id or
/// selected by a filter; <c>/operations</c> shows how far each got. The operation runs in the cluster, durably.
/// </summary>
public static class OperationEndpoints
{
    private const int DefaultOperationsListed = 20;
    private const int MostOperationsListed = 100;
    private const string GeneratedIdKey = "chord.generated-operation-id";

    public static IEndpointRouteBuilder MapOperationEndpoints(this IEndpointRouteBuilder app)
    {
        var chords = app.MapGroup("/chords").WithTags("Operations")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        chords.MapPost("/redrive", (BulkOperationRequest? request, IGrainFactory grains, HttpContext http, string? status, string? handler, [FromQuery] string[]? label, DateTimeOffset? createdAfter, DateTimeOffset? createdBefore) =>
                StartAsync(BulkAction.Redrive, request, grains, http, status, handler, label, createdAfter, createdBefore))
            .WithName("RedriveChords")
            .WithSummary("Start a bulk redrive: the failed or cancelled chords among `ids`, or among those a `filter` (or the query parameters of GET /v1/chords) selects, each run again once; others are skipped with why. 202 with the operation; follow it at `Location`.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        chords.MapPost("/cancel", (BulkOperationRequest? request, IGrainFactory grains, HttpContext http, string? status, string? handler, [FromQuery] string[]? label, DateTimeOffset? createdAfter, DateTimeOffset? createdBefore) =>
                StartAsync(BulkAction.Cancel, request, grains, http, status, handler, label, createdAfter, createdBefore))
            .WithName("CancelChords")
            .WithSummary("Start a bulk cancel: the unfinished chords among `ids`, or among those a `filter` (or the query parameters of GET /v1/chords) selects, each cancelled once; finished ones are skipped. 202 with the operation; follow it at `Location`.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        var operations = app.MapGroup("/operations").WithTags("Operations")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        operations.MapGet("/", ListAsync).WithName("ListOperations").WithSummary("The newest bulk operations (up to `limit`, default 20, at most 100), newest first.");
        operations.MapGet("/{id}", GetAsync).WithName("GetOperation")
            .WithSummary("A bulk operation: its status (running, completed) and its chords matched, done, skipped (with reasons) and failed.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Accepted<OperationResponse>, ValidationProblem, ProblemHttpResult>> StartAsync(
        BulkAction action, BulkOperationRequest? request, IGrainFactory grains, HttpContext http,
        string? status = null, string? handler = null, string[]? label = null, DateTimeOffset? createdAfter = null, DateTimeOffset? createdBefore = null)
    {
        var fromQuery = status is not null || handler is not null || label is { Length: > 0 } || createdAfter is not null || createdBefore is not null;
        if (fromQuery && (request?.Filter is not null || request?.Ids is not null))
        {
            return Invalid("filter", "Give the filter in the query or in the body (or ids in the body), not both.");
        }

        if (request?.Id is { } given && !ChordIds.HasValidForm(given, ChordIds.HardMaxLength))
        {
            return Invalid("id", ChordIds.Rule(ChordIds.HardMaxLength));
        }

        var f = request?.Filter;
        var (filter, badFilter) = fromQuery
            ? SearchFilters.Read(status, handler, label, createdAfter, createdBefore)
            : f is null ? (null, null) : SearchFilters.Read(f.Status, f.Handler, f.Label, f.CreatedAfter, f.CreatedBefore, f.Labels, "filter.");
        if (badFilter is not null)
        {
            return badFilter;
        }

        var id = request?.Id ?? GeneratedId(http);
        try
        {
            // A generated id stays the same when the transient-failure filter runs this again: the retry finds the operation the first try started.
            var progress = await grains.GetGrain<IBulkOperationGrain>(id).StartAsync(new BulkOperationSpec { Action = action, Ids = request?.Ids, Filter = filter });
            return TypedResults.Accepted(LinkTo(http, id), OperationResponse.From(progress));
        }
        catch (ChordValidationException invalid)
        {
            return ApiProblems.Invalid(invalid.Errors, "The operation is invalid.");
        }
        catch (BulkOperationConflictException conflict)
        {
            return ApiProblems.Of(StatusCodes.Status409Conflict, ProblemCodes.ConflictingSpec, "Conflict", conflict.Message);
        }
    }

    public static async Task<Results<Ok<OperationResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(string id, IGrainFactory grains)
    {
        if (!ChordIds.HasValidForm(id, ChordIds.HardMaxLength))
        {
            return Invalid("id", ChordIds.Rule(ChordIds.HardMaxLength));
        }

        var progress = await grains.GetGrain<IBulkOperationGrain>(id).GetAsync();
        return progress is null
            ? ApiProblems.Of(StatusCodes.Status404NotFound, ProblemCodes.NotFound, "Not found", $"No operation has the id '{id}'.")
            : TypedResults.Ok(OperationResponse.From(progress));
    }

    public static async Task<Results<Ok<OperationListResponse>, ValidationProblem>> ListAsync(IGrainFactory grains, int? limit = null)
    {
        if (limit is < 1 or > MostOperationsListed)
        {
            return Invalid("limit", $"limit must be between 1 and {MostOperationsListed}.");
        }

        var operations = await grains.GetGrain<IBulkOperationListGrain>(0).ListAsync(limit ?? DefaultOperationsListed);
        return TypedResults.Ok(new OperationListResponse([.. operations.Select(OperationResponse.From)]));
    }

    private static string GeneratedId(HttpContext http)
    {
        if (http.Items[GeneratedIdKey] is not string id)
        {
            id = Guid.NewGuid().ToString("N");
            http.Items[GeneratedIdKey] = id;
        }

        return id;
    }

    private static string LinkTo(HttpContext http, string id) => $"{ApiVersionAliases.RootOf(http)}/operations/{Uri.EscapeDataString(id)}";

    private static ValidationProblem Invalid(string field, string message) =>
        ApiProblems.Invalid(new Dictionary<string, string[]> { [field] = [message] });
}
