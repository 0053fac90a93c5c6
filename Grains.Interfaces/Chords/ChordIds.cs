using System.Text.RegularExpressions;

namespace Chord;

/// <summary>The form of a chord id, shared by the engine (on submit) and the HTTP API (on every route).</summary>
public static partial class ChordIds
{
    /// <summary>The longest id any configuration accepts.</summary>
    public const int HardMaxLength = 512;

    /// <summary>Letters, digits, '-', '_' or '.', starting with a letter or digit.</summary>
    public static bool HasValidForm(string? id, int maxLength) =>
        !string.IsNullOrEmpty(id) && id.Length <= maxLength && Pattern().IsMatch(id);

    public static string Rule(int maxLength) =>
        $"The id must be 1–{maxLength} characters of letters, digits, '-', '_' or '.', starting with a letter or digit.";

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._-]*\z")] // \z: "$" would let a trailing newline through
    private static partial Regex Pattern();
}
