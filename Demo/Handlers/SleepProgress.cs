namespace Chord.Demo.Handlers;

/// <summary>What <c>sleep</c> reports by heartbeat: how many of its milliseconds it has slept.</summary>
public sealed record SleepProgress(int SleptMs);
