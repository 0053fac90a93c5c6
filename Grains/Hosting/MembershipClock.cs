namespace Chord.Grains.Hosting;

/// <summary>
/// The system clock with timestamps counted from this clock's creation instead of the machine's boot, for Orleans'
/// membership area (<see cref="TimeProviderNames.Membership"/>). Orleans' watchdog starts its platform thread
/// before it stamps its component check; when that thread runs first (a busy machine), it measures the component
/// check's age from timestamp 0, which with the system clock is the machine's uptime, and logs a false stall warning
/// ("Participant check thread has not completed for 00:19:12") and records it as a health complaint. From a
/// near-zero origin that age is the silo's start-up time, far below the watchdog's threshold. Elapsed times, timers
/// and wall-clock time are the system's own.
/// </summary>
internal sealed class MembershipClock : TimeProvider
{
    private readonly long _origin = System.GetTimestamp() - 1; // 1, not 0: no timestamp reads as "never"

    public override long TimestampFrequency => System.TimestampFrequency;

    public override long GetTimestamp() => System.GetTimestamp() - _origin;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow();

    public override TimeZoneInfo LocalTimeZone => System.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, dueTime, period);
}
