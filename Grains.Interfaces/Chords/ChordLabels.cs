using System.Text.RegularExpressions;

namespace Chord;

/// <summary>
/// The rules of a chord's labels: at most <see cref="MaxCount"/> pairs; a key of 1 to 63 letters, digits and
/// <c>. _ / -</c> (starting with a letter or digit, so <c>key:value</c> in a query is unambiguous); a value of at most
/// <see cref="MaxValueLength"/> characters without control characters.
/// </summary>
public static partial class ChordLabels
{
    public const int MaxCount = 16;
    public const int MaxKeyLength = 63;
    public const int MaxValueLength = 256;

    public static bool IsValidKey(string? key) => key is not null && KeyForm().IsMatch(key);

    public static bool IsValidValue(string? value) => value is not null && value.Length <= MaxValueLength && !value.Any(char.IsControl);

    /// <summary>The problems of <paramref name="labels"/>, each with its field (<c>labels</c>, <c>labels.key</c>); none when valid.</summary>
    public static IEnumerable<(string Field, string Message)> Problems(IReadOnlyDictionary<string, string>? labels)
    {
        if (labels is null)
        {
            yield break;
        }

        if (labels.Count > MaxCount)
        {
            yield return ("labels", $"A chord has at most {MaxCount} labels, not {labels.Count}.");
        }

        foreach (var (key, value) in labels)
        {
            if (!IsValidKey(key))
            {
                yield return ($"labels.{Shorten(key)}", $"A label's key is 1 to {MaxKeyLength} letters, digits and . _ / - starting with a letter or digit.");
            }
            else if (!IsValidValue(value))
            {
                yield return ($"labels.{key}", $"A label's value is at most {MaxValueLength} characters, without control characters.");
            }
        }
    }

    private static string Shorten(string? key) => key is null ? "" : key.Length <= 40 ? key : key[..40] + "…";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._/-]{0,62}$")]
    private static partial Regex KeyForm();
}
