using System.ComponentModel;

namespace Chord.Api.Contracts;

/// <summary>A chord's webhook: called for each of its events, signed as Standard Webhooks says, retried until delivered or <c>Chord:Webhooks:RetryFor</c> passed.</summary>
public sealed record NotifyRequest(
    [property: Description("The URL called (POST, the snapshot as JSON); its host must be one Chord:Webhooks:AllowedHosts allows.")] string? Url,
    [property: Description("Which events: succeeded, failed, cancelled, progress (default: the three final ones).")] NotifyEvent[]? Events = null,
    [property: Description("With progress: every this many percent of the tasks completed (1–100, default 10).")] int? ProgressEveryPercent = null)
{
    public NotifySpec ToSpec() => new() { Url = Url ?? "", Events = Events, ProgressEveryPercent = ProgressEveryPercent };

    public static NotifyRequest? From(NotifySpec? notify) => notify is null ? null : new(notify.Url, notify.Events, notify.ProgressEveryPercent);
}
