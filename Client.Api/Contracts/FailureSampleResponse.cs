using System.ComponentModel;

namespace Chord.Api.Contracts;

/// <summary>One failed task of a group, to look at: where it is, its message, and its stack trace while its chord's records are kept.</summary>
public sealed record FailureSampleResponse(
    [property: Description("The chord it failed in (the group's latest).")] string ChordId,
    [property: Description("The task's index in that chord.")] int Index,
    [property: Description("The error's message.")] string Message,
    [property: Description("The exception as text; null once the chord's task records were purged (ResultRetention).")] string? StackTrace);
