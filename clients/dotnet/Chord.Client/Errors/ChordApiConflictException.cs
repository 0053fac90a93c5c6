using System.Net;

namespace Chord.Client;

/// <summary>409 (<c>conflicting-spec</c>): the id holds a chord with a different spec.</summary>
public sealed class ChordApiConflictException(string? title, string? detail)
    : ChordApiException(HttpStatusCode.Conflict, "conflicting-spec", title, detail);
