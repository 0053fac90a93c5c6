namespace Chord;

/// <summary>Why a task or the body failed.</summary>
/// <param name="Type">The exception type name (or a Chord error name such as <c>ChordError</c>).</param>
/// <param name="Message">The error message.</param>
/// <param name="Attempts">How many attempts were made.</param>
[GenerateSerializer, Immutable, Alias("chord.TaskError")]
public sealed record TaskError(string Type, string Message, int Attempts);
