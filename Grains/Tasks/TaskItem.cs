namespace Chord.Grains.Tasks;

/// <summary>One task as a task grain receives it.</summary>
[GenerateSerializer, Immutable, Alias("chord.TaskItem")]
internal sealed record TaskItem(int Index, string Handler, string? Args);
