namespace Chord.Grains.Lanes;

/// <summary>
/// What one attempt of a handler gave: its result (raw JSON), or its error, or that it was cancelled. A
/// <see cref="Permanent"/> error is not retried: another attempt cannot change it.
/// </summary>
[GenerateSerializer, Immutable, Alias("chord.HandlerOutcome")]
internal sealed record AttemptResult(string? Result, TaskError? Error, bool Cancelled = false, bool Permanent = false)
{
    public bool Succeeded => Error is null && !Cancelled;

    public static AttemptResult CancelledAt(int attempt) => new(null, new TaskError(ErrorTypes.Cancelled, "The task was cancelled.", attempt), Cancelled: true);

    public static AttemptResult TooLarge(int bytes, int maxBytes, int attempt) => new(
        null,
        new TaskError(ErrorTypes.ResultTooLarge, $"The result is {bytes} bytes of JSON; at most {maxBytes} are allowed (Chord:Engine:MaxResultBytes).", attempt),
        Permanent: true);
}
