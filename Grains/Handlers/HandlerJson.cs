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

    public static JsonElement Parse(string? json) =>
        json is null ? default : JsonDocument.Parse(json).RootElement;

    public static string Serialize(object? value) => JsonSerializer.Serialize(value, Options);
}
