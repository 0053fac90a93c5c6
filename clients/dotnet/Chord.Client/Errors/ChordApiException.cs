using System.Net;

namespace Chord.Client;

/// <summary>
/// The API answered with a problem (RFC 9457). <see cref="ErrorCode"/> is the stable code to branch on
/// (<c>not-found</c>, <c>conflicting-spec</c>, …); title and detail are for people. Subclasses name the codes a caller
/// usually handles.
/// </summary>
public class ChordApiException : Exception
{
    public ChordApiException(HttpStatusCode status, string errorCode, string? title, string? detail, TimeSpan? retryAfter = null)
        : base(detail ?? title ?? $"The Chord API answered {(int)status} ({errorCode}).")
    {
        Status = status;
        ErrorCode = errorCode;
        Title = title;
        Detail = detail;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The problem's <c>errorCode</c>, e.g. <c>not-redrivable</c>.</summary>
    public string ErrorCode { get; }

    public string? Title { get; }

    public string? Detail { get; }

    /// <summary>How long the API asked the caller to wait before trying again (<c>Retry-After</c>), when it said.</summary>
    public TimeSpan? RetryAfter { get; }
}
