using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace Chord.Grains.Handlers;

/// <summary>
/// Runs a body's <see cref="IBodyCombiner"/> where the engine needs it: in task units (a unit's partial) and in the
/// chord (merging the partials). Partials travel and are stored as JSON text; <c>null</c> stands for nothing.
/// </summary>
internal sealed class BodyCombiners(HandlerCatalog catalog, IServiceProvider services)
{
    /// <summary>
    /// The longest partial (JSON characters) a combiner may make: a partial travels in every unit report and the
    /// merged one is stored in the chord's state, which is written on every report and lives in a table entity.
    /// </summary>
    public const int MaxPartialLength = 64 * 1024;

    /// <summary>One unit's partial: its succeeded results folded in index order.</summary>
    public string Partial(string bodyHandler, IEnumerable<TaskResult> results)
    {
        var combiner = Get(bodyHandler);
        JsonNode? partial = null;
        foreach (var result in results)
        {
            partial = combiner.Add(partial, result);
        }

        return Text(partial);
    }

    public string Merge(string bodyHandler, string? left, string? right) =>
        Text(Get(bodyHandler).Merge(Node(left), Node(right)));

    /// <summary>
    /// The result of a body that is a <see cref="IPureBodyCombiner"/>, from the merged partials (JSON) and the number
    /// of succeeded tasks; false for any other body, and for a chord with succeeded tasks but no partials (accepted
    /// before its body was a combiner), whose body must read the results.
    /// </summary>
    public bool TryFinish(string bodyHandler, string? combined, int succeeded, out string? result)
    {
        result = null;
        if (services.GetRequiredService(catalog.Get(bodyHandler).HandlerType) is not IPureBodyCombiner pure || (combined is null && succeeded > 0))
        {
            return false;
        }

        using var document = combined is null ? null : JsonDocument.Parse(combined);
        result = HandlerJson.Serialize(pure.Result(document?.RootElement ?? default, succeeded));
        return true;
    }

    private IBodyCombiner Get(string bodyHandler) =>
        (IBodyCombiner)services.GetRequiredService(catalog.Get(bodyHandler).HandlerType);

    private static JsonNode? Node(string? json) => json is null ? null : JsonNode.Parse(json);

    private static string Text(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length <= MaxPartialLength
            ? text
            : throw new InvalidOperationException($"The combiner's value is {text.Length:N0} characters of JSON; at most {MaxPartialLength:N0} are allowed (it travels in every unit's report and is stored in the chord's state).");
    }
}
