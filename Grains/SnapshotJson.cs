using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Chord.Grains;

/// <summary>
/// A chord's snapshot as JSON the way the HTTP API writes it (camelCase, enums as words, the body's result as JSON
/// rather than text), for what the cluster sends on its own: webhook bodies and an errback's input.
/// </summary>
internal static class SnapshotJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static JsonObject Of(ChordProgress snapshot)
    {
        var chord = JsonSerializer.SerializeToNode(snapshot, Options)!.AsObject();
        chord.Remove("failing");
        if (chord["body"] is JsonObject body && snapshot.Body.Result is { } result)
        {
            body["result"] = JsonNode.Parse(result);
        }

        return chord;
    }
}
