namespace Chord.Client;

/// <summary>Why a task or the body failed: the exception's type and message, after how many attempts.</summary>
public sealed record TaskErrorInfo(string Type, string Message, int Attempts, string? StackTrace = null);
