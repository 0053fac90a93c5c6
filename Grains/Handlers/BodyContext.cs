using System.Text.Json;

namespace Chord.Grains.Handlers;

/// <summary>What a body handler is given: its arguments and the chord's results.</summary>
public sealed class BodyContext
{
    public required string ChordId { get; init; }

    /// <summary>1 for the first attempt.</summary>
    public required int Attempt { get; init; }

    /// <summary>The arguments; <see cref="JsonValueKind.Undefined"/> when there are none.</summary>
    public JsonElement Args { get; init; }

    /// <summary>How many of the chord's tasks succeeded.</summary>
    public int Succeeded { get; init; }

    /// <summary>How many failed (after their retries), within the chord's tolerated failures.</summary>
    public int Failed { get; init; }

    /// <summary>
    /// The succeeded tasks' results in index order, read page by page from the task units as the handler goes, so
    /// a body over a million results never holds them all. Each enumeration reads them again from the start.
    /// </summary>
    public required IAsyncEnumerable<TaskResult> Results { get; init; }

    /// <summary>The failed tasks (index, handler, error type, message, attempts) in index order, read as <see cref="Results"/> are.</summary>
    public IAsyncEnumerable<TaskFailure> Failures { get; init; } = AsyncEnumerable.Empty<TaskFailure>();

    /// <summary>
    /// For a body that is an <see cref="IBodyCombiner"/>: every unit's partial aggregate merged into one (JSON
    /// <c>null</c> when no task succeeded). <see cref="JsonValueKind.Undefined"/> for any other body.
    /// </summary>
    public JsonElement Combined { get; init; }

    /// <summary>Reads the arguments as <typeparamref name="T"/>, or returns <paramref name="fallback"/> when there are none.</summary>
    public T ArgsAs<T>(T fallback) => HandlerJson.Deserialize(Args, fallback);
}
