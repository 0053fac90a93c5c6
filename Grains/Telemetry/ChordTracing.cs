using System.Diagnostics;

namespace Chord.Grains.Telemetry;

/// <summary>
/// The engine's spans, in the <c>Chord</c> activity source. A chord's submit span is the parent of its units, each
/// unit's span the parent of its tasks' attempts, and the submit span the parent of the body's attempts; the chord
/// records the submit span's W3C id and hands it to every unit and body it sends, so one chord is one trace across
/// silos and across restarts. Every span carries <c>chord.id</c>. Without a listener (no tracing configured) no span
/// is created.
/// </summary>
internal static class ChordTracing
{
    public const string SourceName = "Chord";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>Starts a span under the W3C <paramref name="traceParent"/> (or the current span when there is none).</summary>
    public static Activity? Start(string name, string chordId, string? traceParent) =>
        Start(name, chordId, traceParent is not null && ActivityContext.TryParse(traceParent, null, out var context) ? context : default);

    /// <summary>Starts a span under <paramref name="parent"/>'s (or the current span when it has none).</summary>
    public static Activity? StartChild(string name, string chordId, Activity? parent) =>
        Start(name, chordId, parent?.Context ?? default);

    private static Activity? Start(string name, string chordId, ActivityContext parent)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = parent == default ? Source.StartActivity(name) : Source.StartActivity(name, ActivityKind.Internal, parent);
        activity?.SetTag("chord.id", chordId);
        return activity;
    }

    /// <summary>Marks <paramref name="activity"/> failed with <paramref name="error"/>.</summary>
    public static void Failed(Activity? activity, TaskError error)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("error.type", error.Type);
        activity.SetStatus(ActivityStatusCode.Error, error.Message);
    }
}
