namespace Chord.Grains.Limits;

/// <summary>What a runtime override of a limit must be: a valid name and values within the configured bounds.</summary>
internal static class LimitChecks
{
    public static void ThrowIfInvalid(LimitKind kind, string name, LimitSettings settings)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (kind == LimitKind.Key ? !ChordLabels.IsValidKey(name) : string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            errors["name"] = [kind == LimitKind.Key
                ? "A key is 1–63 letters, digits and . _ / -, starting with a letter or digit."
                : "A handler name is 1–200 characters."];
        }

        if (kind == LimitKind.Handler && settings.Weight is not null)
        {
            errors["weight"] = ["A weight applies to keys only."];
        }

        foreach (var (setting, rule) in CurrentLimits.ToKeyOptions(settings).Problems())
        {
            var field = char.ToLowerInvariant(setting[0]) + setting[1..];
            errors[field] = [$"{field} {rule}"];
        }

        if (errors.Count > 0)
        {
            throw new ChordValidationException(errors);
        }
    }
}
