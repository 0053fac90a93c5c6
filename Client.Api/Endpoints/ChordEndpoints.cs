using Chord.Api.Contracts;
using Chord.Api.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Chord.Api.Endpoints;

/// <summary><c>/chords</c>: submit a chord, read its progress.</summary>
public static class ChordEndpoints
{
    public static IEndpointRouteBuilder MapChordEndpoints(this IEndpointRouteBuilder app)
    {
        var chords = app.MapGroup("/chords").WithTags("Chords");
        chords.MapPost("/", SubmitAsync).WithName("SubmitChord").WithSummary("Submit a chord: tasks (or a map) and a body.");
        chords.MapGet("/{id}", GetAsync).WithName("GetChord").WithSummary("A chord's progress snapshot.");
        return app;
    }

    public static async Task<Results<Created<ChordResponse>, Ok<ChordResponse>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        SubmitChordRequest? request, IGrainFactory grains)
    {
        if (request is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [""] = ["A JSON body is required."] });
        }

        if (request.Id is { Length: 0 })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = ["The id must not be empty; leave it out to have one generated."] });
        }

        var id = request.Id ?? Guid.NewGuid().ToString("N");
        try
        {
            var result = await TransientFailures.RetryAsync(() => grains.GetGrain<IChordGrain>(id).SubmitAsync(request.ToSpec()));
            var body = ChordResponse.From(result.Progress);
            return result.Created ? TypedResults.Created($"/chords/{Uri.EscapeDataString(id)}", body) : TypedResults.Ok(body);
        }
        catch (ChordValidationException invalid)
        {
            return TypedResults.ValidationProblem(invalid.Errors, title: "The chord spec is invalid.");
        }
        catch (ChordConflictException conflict)
        {
            return TypedResults.Problem(conflict.Message, statusCode: StatusCodes.Status409Conflict, title: "Conflict");
        }
    }

    public static async Task<Results<Ok<ChordResponse>, ProblemHttpResult>> GetAsync(string id, IGrainFactory grains)
    {
        var progress = await TransientFailures.RetryAsync(() => grains.GetGrain<IChordGrain>(id).GetProgressAsync());
        return progress is null
            ? TypedResults.Problem($"No chord has the id '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found")
            : TypedResults.Ok(ChordResponse.From(progress));
    }
}
