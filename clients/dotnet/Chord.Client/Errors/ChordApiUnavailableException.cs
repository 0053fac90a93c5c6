using System.Net;

namespace Chord.Client;

/// <summary>
/// 503 (<c>unavailable</c>, <c>busy</c>) or 429 (<c>rate-limited</c>) after the client's own retries: try again after
/// <see cref="ChordApiException.RetryAfter"/>. Nothing the API accepted is lost.
/// </summary>
public sealed class ChordApiUnavailableException(HttpStatusCode status, string errorCode, string? title, string? detail, TimeSpan? retryAfter)
    : ChordApiException(status, errorCode, title, detail, retryAfter);
