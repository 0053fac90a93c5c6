using System.ComponentModel;

namespace Chord.Api.Contracts;

/// <summary>Failed tasks of one handler and error type across the chords searched.</summary>
public sealed record FailureGroupResponse(
    [property: Description("The task handler that failed (* for a chord's failures past its 16 groups).")] string Handler,
    [property: Description("The error type: the exception's type name, or Timeout, HeartbeatTimeout, WorkerLost, ResultTooLarge, HandlerNotFound.")] string ErrorType,
    [property: Description("Failed tasks in the group.")] long Count,
    [property: Description("Chords with at least one of them.")] int Chords,
    [property: Description("The latest of those chords, newest first (at most 5).")] ChordListEntryResponse[] Latest,
    [property: Description("One of the failed tasks, from the latest chord; null when that chord is gone.")] FailureSampleResponse? Sample);
