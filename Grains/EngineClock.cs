namespace Chord.Grains;

/// <summary>
/// The clock the engine reads (timestamps, probe silences, retry waits, retention) is the <see cref="TimeProvider"/>
/// registered under <see cref="Key"/>: the host's <see cref="TimeProvider"/> unless one is registered under that
/// key, so a test can move the engine's clock without moving the one Orleans itself runs on.
/// </summary>
public static class EngineClock
{
    public const string Key = "chord-engine";
}
