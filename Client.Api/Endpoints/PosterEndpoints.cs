using Chord.Api.Problems;
using Chord.Api.Posters;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Chord.Api.Endpoints;

/// <summary><c>/posters/{chordId}/{file}</c>: the poster demo's images, from the store the silos write to.</summary>
public static class PosterEndpoints
{
    public static IEndpointRouteBuilder MapPosterEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/posters/{chordId}/{file}", GetAsync).WithTags("Posters").WithName("GetPoster").WithSummary("A poster or tile image (PNG).");
        return app;
    }

    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> GetAsync(string chordId, string file, IPosterSource posters, CancellationToken cancellationToken)
    {
        var wellFormed = ChordIds.HasValidForm(chordId, ChordIds.HardMaxLength) && ChordIds.HasValidForm(file, ChordIds.HardMaxLength) && file.EndsWith(".png", StringComparison.Ordinal);
        var image = wellFormed ? await posters.OpenAsync($"{chordId}/{file}", cancellationToken) : null;
        return image is null
            ? ApiProblems.Of(StatusCodes.Status404NotFound, ProblemCodes.NotFound, "Not found", $"No image '{file}' for chord '{chordId}'.")
            : TypedResults.Stream(image, "image/png");
    }
}
