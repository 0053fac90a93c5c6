namespace Chord.Testing;

/// <summary>
/// Arguments of <c>hang</c> and <c>hang-light</c>: <paramref name="Ms"/> is how long an attempt that does not hang
/// sleeps; <paramref name="Block"/> makes a hanging attempt block its thread (as a handler stuck in native code or a
/// synchronous call does) instead of awaiting.
/// </summary>
public sealed record HangArgs(int Ms = 0, bool Block = false);
