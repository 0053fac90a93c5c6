using System.ComponentModel;

namespace Chord.Api.Contracts;

/// <summary>
/// A bulk redrive or cancel (<c>POST /v1/chords/redrive</c>, <c>POST /v1/chords/cancel</c>): the chords by
/// <c>ids</c>, or those a <c>filter</c> selects (which may also be given as the query parameters of <c>GET /v1/chords</c>).
/// </summary>
public sealed record BulkOperationRequest(
    [property: Description("The operation's id; generated when left out. The same id and selection again answer the existing operation.")] string? Id = null,
    [property: Description("The chords to act on (at most 10,000).")] string[]? Ids = null,
    [property: Description("Instead of ids: the retained chords, created before the operation started, that it selects.")] BulkFilterRequest? Filter = null);
