using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Chord.Client;

/// <summary>Turns an API answer that is not a success into the typed exception of its problem code.</summary>
internal static class ProblemReader
{
    public static async Task<ChordApiException> ToExceptionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var problem = await ReadAsync(response, cancellationToken);
        var code = problem?.ErrorCode ?? CodeOf(response.StatusCode);
        var (title, detail) = (problem?.Title, problem?.Detail);
        var retryAfter = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => (TimeSpan?)null,
        };
        return code switch
        {
            "validation" or "malformed-request" => new ChordApiValidationException(code, title, detail, problem?.Errors ?? new Dictionary<string, string[]>()),
            "not-found" => new ChordApiNotFoundException(title, detail),
            "conflicting-spec" => new ChordApiConflictException(title, detail),
            "not-redrivable" => new ChordApiNotRedrivableException(title, detail),
            "finished" => new ChordApiFinishedException(title, detail),
            "purged" => new ChordApiPurgedException(title, detail),
            "unauthorized" => new ChordApiUnauthorizedException(title, detail),
            "unavailable" or "busy" or "rate-limited" => new ChordApiUnavailableException(response.StatusCode, code, title, detail, retryAfter),
            _ => new ChordApiException(response.StatusCode, code, title, detail, retryAfter),
        };
    }

    private static async Task<Problem?> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType is not ("application/problem+json" or "application/json"))
        {
            return null;
        }

        try
        {
            return await response.Content.ReadFromJsonAsync<Problem>(ChordJson.Options, cancellationToken);
        }
        catch (JsonException)
        {
            return null; // a proxy's page, not the API's problem: the status speaks for it
        }
    }

    private static string CodeOf(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => "validation",
        HttpStatusCode.Unauthorized => "unauthorized",
        HttpStatusCode.NotFound => "not-found",
        HttpStatusCode.Gone => "purged",
        HttpStatusCode.TooManyRequests => "rate-limited",
        HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout => "unavailable",
        _ => "internal",
    };

    private sealed record Problem(string? Type, string? Title, string? Detail, string? ErrorCode, Dictionary<string, string[]>? Errors);
}
