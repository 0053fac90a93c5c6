namespace Chord;

/// <summary>Why a task or the body failed.</summary>
/// <param name="Type">The exception type name (or a Chord error name such as <c>ChordError</c>).</param>
/// <param name="Message">The error message.</param>
/// <param name="Attempts">How many attempts were made.</param>
/// <param name="StackTrace">
/// Where a handler's exception was thrown: the exception as text (type, message, stack, inner exceptions), at most
/// 4,000 characters; null for the engine's own errors and in the chord's list of first failures.
/// </param>
[GenerateSerializer, Immutable, Alias("chord.TaskError")]
public sealed record TaskError(string Type, string Message, int Attempts, string? StackTrace = null)
{
    /// <summary>The most of a stack trace an error keeps.</summary>
    public const int MaxStackTraceLength = 4000;

    /// <summary>The error of a handler's <paramref name="exception"/>, its stack trace bounded.</summary>
    public static TaskError Of(Exception exception, int attempts)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var text = exception.ToString();
        return new(exception.GetType().Name, exception.Message, attempts, text.Length <= MaxStackTraceLength ? text : text[..MaxStackTraceLength] + "…");
    }
}
