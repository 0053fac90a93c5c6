using System.Net;

namespace Chord.Client;

/// <summary>401 (<c>unauthorized</c>): the API key is missing or not one the API accepts.</summary>
public sealed class ChordApiUnauthorizedException(string? title, string? detail)
    : ChordApiException(HttpStatusCode.Unauthorized, "unauthorized", title, detail);
