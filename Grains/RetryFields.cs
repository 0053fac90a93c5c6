namespace Chord.Grains;

/// <summary>The parts of a <see cref="RetryPolicy"/> a chord left unset (so a handler's declared defaults may fill them).</summary>
[Flags]
internal enum RetryFields
{
    None = 0,
    MaxAttempts = 1,
    Backoff = 2,
    MaxBackoff = 4,
}
