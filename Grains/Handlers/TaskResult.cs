using System.Text.Json;

namespace Chord.Grains.Handlers;

/// <summary>One succeeded task's result, as a body handler sees it.</summary>
public readonly record struct TaskResult(int Index, JsonElement Value);
