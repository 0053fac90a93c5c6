namespace Chord;

/// <summary>Why a task or the body failed.</summary>
/// <param name="Type">The exception type name (or a Chord error name such as <c>ChordError</c>).</param>
/// <param name="Message">The error message, at most 2,000 characters (a handler's longer message is cut).</param>
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

    /// <summary>The most of a message an error keeps: errors travel in every report and ten are kept in the chord's state.</summary>
    public const int MaxMessageLength = 2000;

    /// <summary>The error of a handler's <paramref name="exception"/>, its message and stack trace bounded.</summary>
    public static TaskError Of(Exception exception, int attempts)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new(exception.GetType().Name, Bounded(exception.Message, MaxMessageLength), attempts, Bounded(exception.ToString(), MaxStackTraceLength));
    }

    /// <summary><paramref name="text"/>, cut to <paramref name="maxLength"/> characters (marked with "…") when longer.</summary>
    public static string Bounded(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, maxLength - 1), "…");
    }
}
