namespace Chord.Demo.Handlers;

/// <summary>
/// Arguments of <c>sleep</c> and <c>cpu</c>. <paramref name="IgnoreCancellation"/> makes <c>sleep</c> ignore its
/// token, as a handler that never checks it would (to try out task timeouts). <paramref name="HeartbeatMs"/> makes
/// <c>sleep</c> report how long it has slept every that many milliseconds, and resume from the last report on its
/// next attempt; <paramref name="SilentAfterMs"/> makes it stop reporting (but sleep on) after that long, as a
/// handler stuck in a loop would (to try out heartbeat timeouts).
/// </summary>
public sealed record DurationArgs(int Ms, bool IgnoreCancellation = false, int HeartbeatMs = 0, int SilentAfterMs = 0);
