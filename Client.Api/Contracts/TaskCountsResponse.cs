namespace Chord.Api.Contracts;

/// <summary>Exact task counts; <c>completed</c> = succeeded + failed + cancelled.</summary>
public sealed record TaskCountsResponse(int Total, int Pending, int Running, int Succeeded, int Failed, int Cancelled, int Completed, int Queued);
