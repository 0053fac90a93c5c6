namespace Chord.Client;

/// <summary>
/// A key or handler under a cluster-wide limit: its limits and where they come from (<c>configuration</c> or
/// <c>override</c>; null when only chords' own key limits set it), and across the silos its heavy tasks running,
/// waiting and started per second lately.
/// </summary>
public sealed record LimitUsage(string Name, int? MaxRunning, double? RatePerSecond, int? Burst, int? Weight, string? Source, int Running, int Waiting, double StartsPerSecond);
