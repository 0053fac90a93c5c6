using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chord.Api.Contracts;

/// <summary>The contracts' JSON: camelCase names and enums.</summary>
public static class ContractJson
{
    public static IServiceCollection AddApiJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        });
}
