using System.Text.Json;
using System.Text.Json.Nodes;

namespace Chord.Grains.Webhooks;

/// <summary>
/// A webhook's body: the chord's snapshot as the HTTP API writes it (camelCase, enums as words, the body's result as
/// JSON), led by <c>type</c> (<c>chord.succeeded</c>, <c>chord.failed</c>, <c>chord.cancelled</c>, <c>chord.progress</c>)
/// and <c>timestamp</c>, and for a progress event its <c>percent</c>.
/// </summary>
internal static class WebhookPayload
{
    public static string Of(ChordProgress snapshot, NotifyEvent notifyEvent, int? percent, DateTimeOffset now)
    {
        var chord = SnapshotJson.Of(snapshot);
        var payload = new JsonObject
        {
            ["type"] = "chord." + JsonNamingPolicy.CamelCase.ConvertName(notifyEvent.ToString()),
            ["timestamp"] = now,
        };
        if (percent is { } p)
        {
            payload["percent"] = p;
        }

        foreach (var (name, value) in chord.ToList())
        {
            chord.Remove(name);
            payload[name] = value;
        }

        return payload.ToJsonString(SnapshotJson.Options);
    }

    /// <summary>The event's <c>webhook-id</c>: the same for every call of it, so a receiver drops repeats.</summary>
    public static string EventId(string chordId, int drive, NotifyEvent notifyEvent, int? percent) =>
        $"msg_{chordId}_{drive}_{JsonNamingPolicy.CamelCase.ConvertName(notifyEvent.ToString())}" + (percent is { } p ? $"_{p}" : "");
}
