using System.Text.Json;

namespace Chord.Grains.Handlers;

/// <summary>What a body handler is given: its arguments and the results of the chord's succeeded tasks.</summary>
public sealed class BodyContext
{
    public required string ChordId { get; init; }

    /// <summary>1 for the first attempt.</summary>
    public required int Attempt { get; init; }

    /// <summary>The arguments; <see cref="JsonValueKind.Undefined"/> when there are none.</summary>
    public JsonElement Args { get; init; }

    /// <summary>The succeeded tasks' results, in index order.</summary>
    public required IReadOnlyList<TaskResult> Results { get; init; }

    /// <summary>Reads the arguments as <typeparamref name="T"/>, or returns <paramref name="fallback"/> when there are none.</summary>
    public T ArgsAs<T>(T fallback) => HandlerJson.Deserialize(Args, fallback);
}
