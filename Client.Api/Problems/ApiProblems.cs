using Microsoft.AspNetCore.Http.HttpResults;

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
}
