using Chord.Api.Contracts;
using Chord.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Chord.Api.Endpoints;

/// <summary><c>/chords/{id}/deliveries</c>: what a chord's webhook was sent, and what each call was answered.</summary>
public static class WebhookEndpoints
{
    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/chords").WithTags("Chords").MapGet("/{id}/deliveries", ListAsync).WithName("ListDeliveries")
            .WithSummary("The chord's webhook events (options.notify), oldest first: each one's `eventId` (its `webhook-id`), `event`, `status` (pending, delivered, failed), `nextAttemptAt`, and its latest 20 calls with their status code, the start of the answer, or the error.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Ok<DeliveryListResponse>, ValidationProblem, ProblemHttpResult>> ListAsync(string id, IGrainFactory grains)
    {
        if (!ChordIds.HasValidForm(id, ChordIds.HardMaxLength))
        {
            return ApiProblems.Invalid(new Dictionary<string, string[]> { ["id"] = [ChordIds.Rule(ChordIds.HardMaxLength)] });
        }

        if (await grains.GetGrain<IChordGrain>(id).GetProgressAsync() is null)
        {
            return ApiProblems.Of(StatusCodes.Status404NotFound, ProblemCodes.NotFound, "Not found", $"No chord has the id '{id}'.");
        }

        return TypedResults.Ok(new DeliveryListResponse(await grains.GetGrain<IChordWebhookGrain>(id).ListDeliveriesAsync()));
    }
}
