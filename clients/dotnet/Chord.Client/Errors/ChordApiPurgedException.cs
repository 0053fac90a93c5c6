using System.Net;

namespace Chord.Client;

/// <summary>410 (<c>purged</c>): the chord's task records were purged after their retention; its counts and body result remain.</summary>
public sealed class ChordApiPurgedException(string? title, string? detail)
    : ChordApiException(HttpStatusCode.Gone, "purged", title, detail);
