namespace Chord.Api.Contracts;

/// <summary>
/// The limits in effect on one key or handler, and where they come from: <c>configuration</c> (<c>Chord:Limits</c>)
/// or <c>override</c> (set with <c>PUT /v1/limits/…</c>, stored, until deleted).
/// </summary>
public sealed record LimitResponse(string Name, int? MaxRunning, double? RatePerSecond, int? Burst, int? Weight, string Source)
{
    public static LimitResponse From(LimitEntry entry) => new(
        entry.Name,
        entry.Settings.MaxRunning,
        entry.Settings.RatePerSecond,
        entry.Settings.Burst,
        entry.Kind == LimitKind.Key ? entry.Settings.Weight ?? 1 : null,
        entry.Overridden ? "override" : "configuration");
}
