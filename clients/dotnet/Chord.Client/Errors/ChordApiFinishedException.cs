using System.Net;

namespace Chord.Client;

/// <summary>409 (<c>finished</c>): the chord finished, so its options can no longer change.</summary>
public sealed class ChordApiFinishedException(string? title, string? detail)
    : ChordApiException(HttpStatusCode.Conflict, "finished", title, detail);
