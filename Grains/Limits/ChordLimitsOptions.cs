using System.ComponentModel.DataAnnotations;

namespace Chord.Grains.Limits;

/// <summary>
/// Limits by key (<c>Chord:Limits</c>): per key named by chords' <c>options.key</c>, e.g. a tenant. So far the share of
/// each silo's heavy lane: <c>Chord:Limits:Keys:{key}:Weight</c>. Read again when the configuration reloads.
/// </summary>
public sealed class ChordLimitsOptions : IValidatableObject
{
    public const string SectionName = "Chord:Limits";

    /// <summary>The keys with settings of their own; any other key has the defaults.</summary>
    public Dictionary<string, KeyLimitOptions> Keys { get; set; } = new(StringComparer.Ordinal);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (key, limit) in Keys)
        {
            if (limit is null || limit.Weight is < 1 or > KeyLimitOptions.MaxWeight)
            {
                yield return new ValidationResult($"Chord:Limits:Keys:{key}:Weight must be between 1 and {KeyLimitOptions.MaxWeight}.", [nameof(Keys)]);
            }
        }
    }
}
