namespace Chord.Client;

/// <summary>Exact task counts of a chord; <see cref="Completed"/> is succeeded + failed + cancelled.</summary>
public sealed record TaskCounts(int Total, int Pending, int Running, int Succeeded, int Failed, int Cancelled, int Completed, int Queued);
