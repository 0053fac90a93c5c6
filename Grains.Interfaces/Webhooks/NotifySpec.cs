namespace Chord;

/// <summary>
/// A chord's completion webhook: <see cref="Url"/> is called (POST, the snapshot as JSON, signed as Standard Webhooks
/// says) for each of <see cref="Events"/> (default: succeeded, failed and cancelled), at least once, retried with
/// backoff. The URL's host must be one the silos allow (<c>Chord:Webhooks:AllowedHosts</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("chord.NotifySpec")]
public sealed record NotifySpec
{
    public const int DefaultProgressEveryPercent = 10;

    [Id(0)] public string Url { get; init; } = "";

    [Id(1)] public NotifyEvent[]? Events { get; init; }

    /// <summary>With <see cref="NotifyEvent.Progress"/>: every this many percent of the tasks completed (1–100, default 10).</summary>
    [Id(2)] public int? ProgressEveryPercent { get; init; }

    /// <summary>The events it asks for (the final ones when none are named).</summary>
    public bool Wants(NotifyEvent notifyEvent) =>
        Events is { Length: > 0 } events ? events.Contains(notifyEvent) : notifyEvent is not NotifyEvent.Progress;
}
