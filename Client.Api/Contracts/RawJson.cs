using System.Text.Json;

namespace Chord.Api.Contracts;

/// <summary>Results travel through the cluster as raw JSON text; responses embed them as JSON values.</summary>
public static class RawJson
{
    public static JsonElement? ToElement(string? json) => json is null ? null : JsonElement.Parse(json);
}
