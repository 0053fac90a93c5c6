using System.Net;

namespace Chord.Client;

/// <summary>409 (<c>not-redrivable</c>): the chord cannot run again now (it runs, it succeeded, or its records were purged).</summary>
public sealed class ChordApiNotRedrivableException(string? title, string? detail)
    : ChordApiException(HttpStatusCode.Conflict, "not-redrivable", title, detail);
