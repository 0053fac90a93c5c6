using System.ComponentModel.DataAnnotations;

namespace Chord.Grains.Webhooks;

/// <summary>How the silos call chords' webhooks (<c>Chord:Webhooks</c>).</summary>
public sealed class ChordWebhookOptions : IValidatableObject
{
    public const string SectionName = "Chord:Webhooks";

    /// <summary>
    /// Signing secrets, Standard Webhooks style (<c>whsec_</c> and base64 of 24–64 random bytes): each call carries a
    /// signature by every one, so a secret is rotated by adding the new one, updating receivers, then removing the old.
    /// Default none: calls go unsigned (a warning at the first). An empty entry is ignored (an unset variable).
    /// </summary>
    public string[] Secrets { get; set; } = [];

    /// <summary>
    /// The hosts a webhook may call: names (<c>hooks.example.com</c>), <c>*.example.com</c>, IP addresses, or <c>*</c>
    /// for any host on a public address. A loopback, private or link-local address is called only when its name
    /// (e.g. <c>localhost</c>) or its address (e.g. <c>127.0.0.1</c>) is listed itself. Default (unset) <c>*</c>.
    /// </summary>
    public string[]? AllowedHosts { get; set; }

    /// <summary>The hosts allowed: as configured, or <c>*</c> when unset (configuration binding adds to a default array rather than replacing it).</summary>
    public IReadOnlyList<string> EffectiveAllowedHosts => AllowedHosts is { Length: > 0 } hosts ? hosts : ["*"];

    /// <summary>How long a webhook event is tried again (with backoff) before it counts as failed. Default 24 h.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The longest one call may take, connecting included. Default 10 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The most of a receiver's answer that is read (the rest is dropped); its first 1 KiB is kept with the attempt. Default 65,536.</summary>
    [Range(0, 16 * 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 64 * 1024;

    /// <summary>The wait before the first retry; each next one doubles, up to an hour. Default 1 s.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RetryFor < TimeSpan.Zero || RetryFor > TimeSpan.FromDays(30))
        {
            yield return new ValidationResult("Chord:Webhooks:RetryFor must be between 0 and 30 days.", [nameof(RetryFor)]);
        }

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(5))
        {
            yield return new ValidationResult("Chord:Webhooks:Timeout must be more than 0 and at most 5 minutes.", [nameof(Timeout)]);
        }

        if (FirstRetryDelay <= TimeSpan.Zero || FirstRetryDelay > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult("Chord:Webhooks:FirstRetryDelay must be more than 0 and at most an hour.", [nameof(FirstRetryDelay)]);
        }

        foreach (var (secret, i) in Secrets.Select((s, i) => (s, i)))
        {
            if (!string.IsNullOrEmpty(secret) && WebhookSigner.KeyOf(secret) is not { Length: >= 16 })
            {
                yield return new ValidationResult($"Chord:Webhooks:Secrets:{i} must be whsec_ and the base64 of at least 16 bytes.", [nameof(Secrets)]);
            }
        }

        if (AllowedHosts?.Any(string.IsNullOrWhiteSpace) == true)
        {
            yield return new ValidationResult("Chord:Webhooks:AllowedHosts must not hold an empty entry.", [nameof(AllowedHosts)]);
        }
    }
}
