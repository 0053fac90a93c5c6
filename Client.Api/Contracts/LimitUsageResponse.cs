namespace Chord.Api.Contracts;

/// <summary>
/// One key or handler under a cluster-wide limit in <c>GET /cluster</c>: its limits and their source (null when only
/// chords' own <c>keyLimit</c>s limit it; then <c>maxRunning</c> is the lowest the silos apply), and across the active
/// silos its heavy tasks running, waiting, and started per second lately.
/// </summary>
public sealed record LimitUsageResponse(
    string Name,
    int? MaxRunning,
    double? RatePerSecond,
    int? Burst,
    int? Weight,
    string? Source,
    int Running,
    int Waiting,
    double StartsPerSecond);
