using System.ComponentModel.DataAnnotations;

namespace Chord.Api.Options;

/// <summary>The HTTP API's own settings, bound from <c>Chord:Api</c> and validated at start-up. Each default is stated.</summary>
public sealed class ApiOptions : IValidatableObject
{
    public const string SectionName = "Chord:Api";

    /// <summary>The largest request body a setting may allow: room below Orleans' 100 MiB message limit.</summary>
    public const long MaxMessageBytes = 96L * 1024 * 1024;

    /// <summary>
    /// When set, every route except <c>/health</c>, <c>/alive</c>, the API reference and the page's static files
    /// requires this value (or one of <see cref="ApiKeys"/>) in the <c>X-Api-Key</c> header. Default: none.
    /// </summary>
    [RegularExpression(".{16,}", ErrorMessage = "An API key must be at least 16 characters (or empty for none).")]
    public string? ApiKey { get; set; }

    /// <summary>
    /// More accepted API keys, each of 16 characters or more: during a rotation both the old and the new key are
    /// listed, then the old one is removed. Default: none.
    /// </summary>
    public string[] ApiKeys { get; set; } = [];

    /// <summary>Whether <c>/metrics</c> needs the API key too (when keys are configured). Default false: scrapers need none.</summary>
    public bool MetricsRequireKey { get; set; }

    /// <summary>Every key the API accepts: <see cref="ApiKey"/> and <see cref="ApiKeys"/>; empty when none is required.</summary>
    public IReadOnlyList<string> AcceptedKeys =>
        [.. new[] { ApiKey }.Concat(ApiKeys).OfType<string>().Where(key => key.Length > 0).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Largest request body, in bytes; larger ones get 413. Default 8,388,608 (8 MiB). At most 96 MiB: a submitted
    /// chord goes to its grain as one message, and Orleans refuses messages over 100 MiB (closing the connection).
    /// </summary>
    public long MaxRequestBodyBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Largest page of <c>GET /chords/{id}/tasks</c> (<c>limit</c>); larger asks get 400. Default 500.</summary>
    [Range(1, 10_000)]
    public int MaxTaskPageSize { get; set; } = 500;

    /// <summary>Most chords <c>GET /chords</c> returns (<c>limit</c>); larger asks get 400. Default 100.</summary>
    [Range(1, 1_000)]
    public int MaxChordsListed { get; set; } = 100;

    /// <summary>Most chords one <c>GET /events?ids=</c> stream watches. Default 100.</summary>
    [Range(1, 1_000)]
    public int MaxChordsWatched { get; set; } = 100;

    /// <summary>Shortest time between two progress events of one chord (changes in between are coalesced). Default 100 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan EventInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Longest silence on an event stream: after this long without an event a <c>ping</c> event goes out, so proxies
    /// do not close a stream whose chord runs long tasks. Default 15 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan EventKeepAlive { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a client waits before it reconnects a dropped event stream (the SSE <c>retry</c> field). Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan EventRetry { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Submits one caller (its API key, else its address) may make per second, on average; 0 for no limit. Over it:
    /// 429 with <c>Retry-After</c>. Default 10,000, more than one API process serves on a small machine, so only a
    /// runaway caller meets it; lower it to share the cluster fairly.
    /// </summary>
    [Range(0, 1_000_000)]
    public int SubmitsPerSecond { get; set; } = 10_000;

    /// <summary>Submits one caller may make at once above its rate (the token bucket's size). Default 20,000.</summary>
    [Range(1, 10_000_000)]
    public int SubmitBurst { get; set; } = 20_000;

    /// <summary>Event streams one caller may have open at once (<c>/chords/{id}/events</c> and <c>/events</c>); 0 for no limit. Default 100.</summary>
    [Range(0, 100_000)]
    public int StreamsPerCaller { get; set; } = 100;

    /// <summary>The Orleans dashboard, linked from the page. Default <c>http://127.0.0.1:8080/dashboard/</c>.</summary>
    [Required]
    public string DashboardUrl { get; set; } = "http://127.0.0.1:8080/dashboard/";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Checked here, not by a [Range]: the generated validator drops a range's own message, and this one says why.
        if (MaxRequestBodyBytes is < 1024 or > MaxMessageBytes)
        {
            yield return new ValidationResult(
                "Chord:Api:MaxRequestBodyBytes must be between 1024 and 100,663,296 (96 MiB): a chord is sent to its grain as one message, and Orleans refuses messages over 100 MiB.",
                [nameof(MaxRequestBodyBytes)]);
        }

        if (ApiKeys.Any(key => key is null || key.Length < 16))
        {
            yield return new ValidationResult("Every key in Chord:Api:ApiKeys must be at least 16 characters.", [nameof(ApiKeys)]);
        }
    }
}
