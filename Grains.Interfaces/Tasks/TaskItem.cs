namespace Chord;

/// <summary>One task as a task grain receives it.</summary>
[GenerateSerializer, Immutable, Alias("chord.TaskItem")]
public sealed record TaskItem(int Index, string Handler, string? Args);
