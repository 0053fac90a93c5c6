using System.Text.Json;

namespace Chord.Grains.Handlers;

/// <summary>What a task handler is given: which task it is, which attempt, and its arguments.</summary>
public sealed class TaskContext
{
    public required string ChordId { get; init; }

    /// <summary>The task's index in the chord, 0..N-1.</summary>
    public required int Index { get; init; }

    /// <summary>1 for the first attempt.</summary>
    public required int Attempt { get; init; }

    /// <summary>The arguments; <see cref="JsonValueKind.Undefined"/> when there are none.</summary>
    public JsonElement Args { get; init; }

    /// <summary>Reads the arguments as <typeparamref name="T"/>, or returns <paramref name="fallback"/> when there are none.</summary>
    public T ArgsAs<T>(T fallback) => HandlerJson.Deserialize(Args, fallback);
}
