namespace Chord.Api.Endpoints;

/// <summary>Enum values in query strings, spelled as in the JSON (camelCase), with a clear list when one is wrong.</summary>
public static class QueryEnums
{
    /// <summary>One named value: numbers and comma lists (which <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/> would combine) are refused.</summary>
    public static bool TryParse<T>(string text, out T value)
        where T : struct, Enum
    {
        value = default;
        var plainName = text.Length > 0 && char.IsLetter(text[0]) && !text.Contains(',', StringComparison.Ordinal);
        return plainName && Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value);
    }

    public static string Names<T>()
        where T : struct, Enum =>
        string.Join(", ", Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]));
}
