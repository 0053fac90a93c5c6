namespace Chord.Api.Endpoints;

/// <summary>Enum values in query strings, spelled as in the JSON (camelCase), with a clear list when one is wrong.</summary>
public static class QueryEnums
{
    public static bool TryParse<T>(string text, out T value)
        where T : struct, Enum =>
        Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value) && !int.TryParse(text, out _);

    public static string Names<T>()
        where T : struct, Enum =>
        string.Join(", ", Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]));
}
