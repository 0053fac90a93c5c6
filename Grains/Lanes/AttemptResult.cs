namespace Chord.Grains.Lanes;

/// <summary>What one attempt of a handler gave: its result (raw JSON), or its error, or that it was cancelled.</summary>
[GenerateSerializer, Immutable, Alias("chord.HandlerOutcome")]
internal sealed record AttemptResult(string? Result, TaskError? Error, bool Cancelled = false)
{
    public bool Succeeded => Error is null && !Cancelled;

    public static AttemptResult CancelledAt(int attempt) => new(null, new TaskError("Cancelled", "The task was cancelled.", attempt), Cancelled: true);
}
