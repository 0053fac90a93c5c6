using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chord.Client;

/// <summary>The API's JSON conventions: camelCase names and enums, nulls left out of requests.</summary>
internal static class ChordJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
