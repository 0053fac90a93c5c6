using System.Text.Json;

namespace Chord.Grains.Handlers;

/// <summary>One succeeded task's result, as a body handler sees it: the task's index, its handler and its value.</summary>
public readonly record struct TaskResult(int Index, string Handler, JsonElement Value);
