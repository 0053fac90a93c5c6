namespace Chord.Client;

/// <summary>
/// The limits in effect on one key or handler, and where they come from: <c>configuration</c> or <c>override</c> (set
/// with <see cref="IChordClient.SetLimitAsync"/>).
/// </summary>
public sealed record LimitSetting(string Name, int? MaxRunning, double? RatePerSecond, int? Burst, int? Weight, string Source);
