namespace Chord.Demo.Handlers;

/// <summary>
/// Arguments of <c>sleep</c> and <c>cpu</c>. <paramref name="IgnoreCancellation"/> makes <c>sleep</c> ignore its
/// token, as a handler that never checks it would (to try out task timeouts).
/// </summary>
public sealed record DurationArgs(int Ms, bool IgnoreCancellation = false);
