using System.ComponentModel.DataAnnotations;

namespace Chord.Grains.Limits;

/// <summary>
/// Limits by key and by handler (<c>Chord:Limits</c>): per key named by chords' <c>options.key</c>, e.g. a tenant, its
/// share of each silo's heavy lane (<c>Chord:Limits:Keys:{key}:Weight</c>), its heavy handlers running at once across
/// the cluster (<c>…:MaxRunning</c>) and its heavy tasks started per second (<c>…:RatePerSecond</c>, <c>…:Burst</c>);
/// per heavy handler the same two limits (<c>Chord:Limits:Handlers:{handler}:…</c>). Read again when the configuration
/// reloads; <c>PUT /v1/limits/…</c> overrides them while the cluster runs.
/// </summary>
public sealed class ChordLimitsOptions : IValidatableObject
{
    public const string SectionName = "Chord:Limits";

    /// <summary>The keys with settings of their own; any other key has the defaults.</summary>
    public Dictionary<string, KeyLimitOptions> Keys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The heavy handlers with cluster-wide limits of their own, whatever chord or key their tasks belong to.</summary>
    public Dictionary<string, LimitOptions> Handlers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// How many keys and handlers get a label value of their own in the limits' metrics (the first seen on a silo);
    /// the rest count under <c>other</c>, so a tenant per key cannot grow the metrics without end. Default 50.
    /// </summary>
    public int MetricNames { get; set; } = 50;

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

        if (MetricNames is < 0 or > 10_000)
        {
            yield return new ValidationResult("Chord:Limits:MetricNames must be between 0 and 10,000.", [nameof(MetricNames)]);
        }

        foreach (var (key, limit) in Keys)
        {
            foreach (var (setting, rule) in limit?.Problems() ?? [])
            {
                yield return new ValidationResult($"Chord:Limits:Keys:{key}:{setting} {rule}", [nameof(Keys)]);
            }
        }

        foreach (var (handler, limit) in Handlers)
        {
            foreach (var (setting, rule) in limit?.Problems() ?? [])
            {
                yield return new ValidationResult($"Chord:Limits:Handlers:{handler}:{setting} {rule}", [nameof(Handlers)]);
            }
        }
    }
}
