using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Chord.Api.Problems;

/// <summary>Problems the endpoints answer, each with its <see cref="ProblemCodes">code</see>.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult Of(int status, string code, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: ProblemCodes.TypeOf(code),
            extensions: new Dictionary<string, object?> { [ProblemCodes.Member] = code });

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors, string? title = null) =>
        TypedResults.ValidationProblem(errors, title: title, type: ProblemCodes.TypeOf(ProblemCodes.Validation),
            extensions: new Dictionary<string, object?> { [ProblemCodes.Member] = ProblemCodes.Validation });

    /// <summary>
    /// Writes a problem from middleware (the key check, the rate limiter). A client that accepts only
    /// <c>text/event-stream</c> (an <c>EventSource</c>) gets it as JSON all the same: the problem-details service
    /// refuses to write for such an <c>Accept</c>, which used to turn a 401 or 429 on an event stream into a 500.
    /// </summary>
    public static async Task WriteAsync(HttpContext http, ProblemDetails problem, string code)
    {
        problem.Extensions[ProblemCodes.Member] = code;
        problem.Type = ProblemCodes.TypeOf(code);
        http.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        var service = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        if (!await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem }))
        {
            await http.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json");
        }
    }
}
