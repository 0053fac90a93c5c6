using System.ComponentModel;

namespace Chord.Api.Contracts;

/// <summary>Which chords a bulk operation selects: every condition given holds (at least one is required), as in <c>GET /v1/chords</c>.</summary>
public sealed record BulkFilterRequest(
    [property: Description("Chords with this status (e.g. failed, running).")] string? Status = null,
    [property: Description("Chords whose tasks or body use this handler.")] string? Handler = null,
    [property: Description("Chords that carry every one of these labels.")] Dictionary<string, string>? Labels = null,
    [property: Description("The same as labels, as key:value strings (the query's form).")] string[]? Label = null,
    [property: Description("Chords created at or after this time.")] DateTimeOffset? CreatedAfter = null,
    [property: Description("Chords created before this time.")] DateTimeOffset? CreatedBefore = null);
