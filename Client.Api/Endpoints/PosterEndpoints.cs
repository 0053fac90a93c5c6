using Chord.Api.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Chord.Api.Endpoints;

/// <summary><c>/posters/{chordId}/{file}</c>: the poster demo's images, from the folder the silos write to.</summary>
public static class PosterEndpoints
{
    public static IEndpointRouteBuilder MapPosterEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/posters/{chordId}/{file}", Get).WithTags("Posters").WithName("GetPoster").WithSummary("A poster or tile image (PNG).");
        return app;
    }

    public static Results<PhysicalFileHttpResult, ProblemHttpResult> Get(string chordId, string file, IOptions<PosterFolderOptions> options)
    {
        var root = Path.GetFullPath(options.Value.Directory);
        var path = Path.GetFullPath(Path.Combine(root, chordId, file));
        var inside = path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return inside && path.EndsWith(".png", StringComparison.Ordinal) && File.Exists(path)
            ? TypedResults.PhysicalFile(path, "image/png")
            : TypedResults.Problem($"No image '{file}' for chord '{chordId}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
    }
}
