using System.ComponentModel.DataAnnotations;

namespace Chord.Grains.Limits;

/// <summary>
/// Limits by key (<c>Chord:Limits</c>): per key named by chords' <c>options.key</c>, e.g. a tenant, its share of each
/// silo's heavy lane (<c>Chord:Limits:Keys:{key}:Weight</c>), its heavy handlers running at once across the cluster
/// (<c>…:MaxRunning</c>) and its heavy tasks started per second (<c>…:RatePerSecond</c>, <c>…:Burst</c>). Read again when
/// the configuration reloads.
/// </summary>
public sealed class ChordLimitsOptions : IValidatableObject
{
    public const string SectionName = "Chord:Limits";

    /// <summary>The keys with settings of their own; any other key has the defaults.</summary>
    public Dictionary<string, KeyLimitOptions> Keys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// How long a silo's lease on a key's permits lasts unless renewed (every third of it): a silo that dies gives its
    /// permits back after this, and the books of a key whose grain was lost are trusted again after it. Default 10 s.
    /// </summary>
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LeaseTime < TimeSpan.FromMilliseconds(300) || LeaseTime > TimeSpan.FromMinutes(10))
        {
            yield return new ValidationResult("Chord:Limits:LeaseTime must be between 300 ms and 10 minutes.", [nameof(LeaseTime)]);
        }

        foreach (var (key, limit) in Keys)
        {
            if (limit is null || limit.Weight is < 1 or > KeyLimitOptions.MaxWeight)
            {
                yield return new ValidationResult($"Chord:Limits:Keys:{key}:Weight must be between 1 and {KeyLimitOptions.MaxWeight}.", [nameof(Keys)]);
            }

            if (limit?.RatePerSecond is { } rate && !(rate > 0 && rate <= 1_000_000))
            {
                yield return new ValidationResult($"Chord:Limits:Keys:{key}:RatePerSecond must be more than 0 and at most 1,000,000.", [nameof(Keys)]);
            }

            if (limit?.Burst is < 1 or > 1_000_000)
            {
                yield return new ValidationResult($"Chord:Limits:Keys:{key}:Burst must be between 1 and 1,000,000.", [nameof(Keys)]);
            }

            if (limit?.MaxRunning is < 1 or > 1_000_000)
            {
                yield return new ValidationResult($"Chord:Limits:Keys:{key}:MaxRunning must be between 1 and 1,000,000.", [nameof(Keys)]);
            }
        }
    }
}
