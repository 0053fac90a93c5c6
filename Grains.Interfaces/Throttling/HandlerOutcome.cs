namespace Chord;

/// <summary>The result (raw JSON) or the error of one handler invocation.</summary>
[GenerateSerializer, Immutable, Alias("chord.HandlerOutcome")]
public sealed record HandlerOutcome(string? Result, TaskError? Error, bool Cancelled = false)
{
    public bool Succeeded => Error is null && !Cancelled;
}
