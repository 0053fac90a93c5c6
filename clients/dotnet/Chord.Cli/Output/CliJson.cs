using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chord.Cli.Output;

/// <summary>JSON as the API writes it (camelCase names and enums), indented for people, and JSON given on the command line.</summary>
public static class CliJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>A JSON value given as an option's text; a clear error names the option when it is not JSON.</summary>
    public static JsonElement? Parse(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new CliUsageException($"{option} must be JSON ({e.Message}): {text}");
        }
    }

    public static string Name<TEnum>(TEnum value) where TEnum : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
