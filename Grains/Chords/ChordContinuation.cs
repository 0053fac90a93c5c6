using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Chord.Grains.Chords;

/// <summary>
/// What a finished chord submits next: its <c>then</c> once it succeeded (its map's <c>itemsFrom</c> read from the
/// body's result, this chord's labels when it has none), or its <c>onFailure</c> once it failed, as a chord of no
/// tasks whose body gets the failed snapshot. The next chord's id is derived from this one's, so whatever crashes,
/// submitting it again finds the chord the first submit made.
/// </summary>
internal static partial class ChordContinuation
{
    public static string ThenId(string id) => id + ".then";

    /// <summary>The errback's id for the chord's <paramref name="drive"/> (a redriven chord that fails again gets another).</summary>
    public static string OnFailureId(string id, int drive) => drive == 0 ? id + ".onfailure" : $"{id}.onfailure.{drive}";

    public static bool IsPath(string path) => path == "$" || PathForm().IsMatch(path);

    /// <summary>The next chord's id and spec, or why there is none to submit (null id: nothing is due).</summary>
    public static (string? Id, ChordSpec? Spec, string? Error) Next(string id, ChordState state, ChordSpec spec, ChordProgress snapshot)
    {
        if (state.Status is ChordStatus.Succeeded && spec.Then is { } then)
        {
            var labels = then.Labels ?? state.Labels;
            if (then.Map is { ItemsFrom: { } from } map)
            {
                if (ItemsOf(state.BodyResult, from) is not { } items)
                {
                    return (ThenId(id), null, $"then.map.itemsFrom: '{from}' names no JSON array in the body's result.");
                }

                then = then with { Map = map with { ItemsFrom = null, Items = items } };
            }

            return (ThenId(id), then with { Labels = labels }, null);
        }

        if (state.Status is ChordStatus.Failed && spec.OnFailure is { } onFailure)
        {
            var args = new JsonObject
            {
                ["failed"] = SnapshotJson.Of(snapshot),
                ["args"] = onFailure.Args is { } given ? JsonNode.Parse(given) : null,
            };
            return (OnFailureId(id, state.Redrives), new ChordSpec
            {
                Tasks = [],
                Body = new TaskSpec(onFailure.Handler, args.ToJsonString()),
                Labels = state.Labels,
            }, null);
        }

        return (null, null, null);
    }

    /// <summary>The elements of the array at <paramref name="path"/> in the result, each as raw JSON; null when there is none.</summary>
    private static string[]? ItemsOf(string? result, string path)
    {
        if (result is null)
        {
            return null;
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(result);
        }
        catch (JsonException)
        {
            return null;
        }

        if (path != "$")
        {
            foreach (var part in path.Split('.'))
            {
                node = node is JsonObject obj && obj.TryGetPropertyValue(part, out var child) ? child : null;
            }
        }

        return node is JsonArray array ? [.. array.Select(item => item?.ToJsonString() ?? "null")] : null;
    }

    [GeneratedRegex(@"\A[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\z")]
    private static partial Regex PathForm();
}
