using System.Text.Json;

namespace Chord.Grains.Handlers;

/// <summary>The one JSON convention handlers see: web defaults (camelCase, case-insensitive reads).</summary>
public static class HandlerJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static T Deserialize<T>(JsonElement element, T fallback) =>
        element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null
            ? fallback
            : element.Deserialize<T>(Options) ?? fallback;

    /// <summary>The JSON text as an element that owns its memory (no pooled document is left undisposed).</summary>
    public static JsonElement Parse(string? json) =>
        json is null ? default : JsonSerializer.Deserialize<JsonElement>(json);

    public static string Serialize(object? value) => JsonSerializer.Serialize(value, Options);
}
