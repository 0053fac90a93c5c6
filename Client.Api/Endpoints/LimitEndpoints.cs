using Chord.Api.Contracts;
using Chord.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Chord.Api.Endpoints;

/// <summary>
/// <c>/limits</c>: the cluster-wide limits of keys and handlers, read and changed while the cluster runs. A change is
/// stored and every silo follows it within a second; deleting an override brings the configured limits back.
/// </summary>
public static class LimitEndpoints
{
    public static IEndpointRouteBuilder MapLimitEndpoints(this IEndpointRouteBuilder app)
    {
        var limits = app.MapGroup("/limits").WithTags("Limits");
        limits.MapGet("", ListAsync).WithName("ListLimits")
            .WithSummary("Every key and handler with limits in effect: maxRunning, ratePerSecond, burst, weight (keys), and source (configuration or override).");
        foreach (var (segment, kind) in new[] { ("keys", LimitKind.Key), ("handlers", LimitKind.Handler) })
        {
            var noun = kind == LimitKind.Key ? "Key" : "Handler";
            limits.MapGet($"/{segment}/{{name}}", (string name, IGrainFactory grains) => GetAsync(kind, name, grains)).WithName($"Get{noun}Limit")
                .WithSummary($"The limits in effect on one {noun.ToLowerInvariant()}.").ProducesProblem(StatusCodes.Status404NotFound);
            limits.MapPut($"/{segment}/{{name}}", (string name, LimitRequest request, IGrainFactory grains) => SetAsync(kind, name, request, grains)).WithName($"Set{noun}Limit")
                .WithSummary($"Overrides the limits of one {noun.ToLowerInvariant()} (all of them: one left out no longer limits), on every silo within a second.")
                .ProducesValidationProblem();
            limits.MapDelete($"/{segment}/{{name}}", (string name, IGrainFactory grains) => ResetAsync(kind, name, grains)).WithName($"Reset{noun}Limit")
                .WithSummary($"Drops the override of one {noun.ToLowerInvariant()}: its configured limits, if any, apply again.").ProducesProblem(StatusCodes.Status404NotFound);
        }

        return app;
    }

    public static async Task<LimitListResponse> ListAsync(IGrainFactory grains)
    {
        var entries = await grains.GetGrain<ILimitsGrain>(0).ListAsync();
        return new LimitListResponse(
            [.. entries.Where(e => e.Kind == LimitKind.Key).Select(LimitResponse.From)],
            [.. entries.Where(e => e.Kind == LimitKind.Handler).Select(LimitResponse.From)]);
    }

    private static async Task<Results<Ok<LimitResponse>, ProblemHttpResult>> GetAsync(LimitKind kind, string name, IGrainFactory grains)
    {
        var entry = (await grains.GetGrain<ILimitsGrain>(0).ListAsync()).FirstOrDefault(e => e.Kind == kind && e.Name == name);
        return entry is null
            ? ApiProblems.Of(StatusCodes.Status404NotFound, ProblemCodes.NotFound, "Not found", $"The {Noun(kind)} '{name}' has no limits.")
            : TypedResults.Ok(LimitResponse.From(entry));
    }

    private static async Task<Results<Ok<LimitResponse>, ValidationProblem>> SetAsync(LimitKind kind, string name, LimitRequest request, IGrainFactory grains)
    {
        try
        {
            return TypedResults.Ok(LimitResponse.From(await grains.GetGrain<ILimitsGrain>(0).SetAsync(kind, name, request.ToSettings())));
        }
        catch (ChordValidationException invalid)
        {
            return ApiProblems.Invalid(invalid.Errors, $"The {Noun(kind)}'s limits are invalid.");
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ResetAsync(LimitKind kind, string name, IGrainFactory grains) =>
        await grains.GetGrain<ILimitsGrain>(0).ResetAsync(kind, name)
            ? TypedResults.NoContent()
            : ApiProblems.Of(StatusCodes.Status404NotFound, ProblemCodes.NotFound, "Not found", $"The {Noun(kind)} '{name}' has no override.");

    private static string Noun(LimitKind kind) => kind == LimitKind.Key ? "key" : "handler";
}
