using System.Net;

namespace Chord.Client;

/// <summary>404 (<c>not-found</c>): no chord has this id.</summary>
public sealed class ChordApiNotFoundException(string? title, string? detail)
    : ChordApiException(HttpStatusCode.NotFound, "not-found", title, detail);
