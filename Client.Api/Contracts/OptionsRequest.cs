using System.ComponentModel;
namespace Chord.Api.Contracts;

/// <summary>Per-chord options. <c>maxAttempts</c> is the shorthand of earlier releases for both retries' attempts.</summary>
public sealed record OptionsRequest(
    [property: Description("Most of this chord's tasks running at once in the cluster; none: no limit beyond the silos' lanes.")] int? MaxConcurrency,
    [property: Description("Shorthand of earlier releases: attempts of both tasks and body (retry.maxAttempts and bodyRetry.maxAttempts win).")] int? MaxAttempts,
    [property: Description("How a failed task is retried.")] RetryRequest? Retry = null,
    [property: Description("How a failed body is retried.")] RetryRequest? BodyRetry = null,
    [property: Description("Longest one task attempt may run, in milliseconds; then its token is cancelled and the attempt fails.")] int? TaskTimeoutMs = null,
    [property: Description("Failed tasks the chord tolerates and still runs its body (which sees their errors).")] int? ToleratedFailures = null,
    [property: Description("Failed tasks tolerated, as a percentage of the chord's tasks.")] double? ToleratedFailurePercent = null,
    [property: Description("Which chords' heavy tasks a silo serves first: high, normal or low.")] ChordPriority? Priority = null,
    [property: Description("Longest a running task may go without a heartbeat, in milliseconds, before it counts as lost.")] int? HeartbeatTimeoutMs = null,
    [property: Description("Longest one body attempt may run, in milliseconds.")] int? BodyTimeoutMs = null,
    [property: Description("A webhook called when the chord finishes (and, if asked, as it progresses).")] NotifyRequest? Notify = null,
    [property: Description("The key its work counts under (a tenant, say): each silo's heavy lane serves keys in turn, by their weight (Chord:Limits:Keys:{key}:Weight).")] string? Key = null,
    [property: Description("With key: the most of the key's heavy tasks running at once across the cluster this chord asks for (at most the key's configured MaxRunning; the lowest of the chords with work applies).")] int? KeyLimit = null);
