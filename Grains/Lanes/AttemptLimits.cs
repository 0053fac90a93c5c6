namespace Chord.Grains.Lanes;

/// <summary>
/// How one attempt of a task runs in its lane, beyond the call itself: its time limits, its place in the heavy lane,
/// what must happen before its handler starts, and where its heartbeats go.
/// </summary>
internal sealed record AttemptLimits
{
    public static readonly AttemptLimits None = new();

    /// <summary>How long the attempt may run once it has its permit; none when null.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>How long the handler may go without a heartbeat (from when it starts); none when null.</summary>
    public TimeSpan? HeartbeatTimeout { get; init; }

    /// <summary>The chord's priority in the heavy lane.</summary>
    public ChordPriority Priority { get; init; }

    /// <summary>The chord's key in the heavy lane (none: the chord is a key of its own).</summary>
    public string? Key { get; init; }

    /// <summary>The chord's own limit on its key's tasks running at once (<c>options.keyLimit</c>); none when null.</summary>
    public int? KeyLimit { get; init; }

    /// <summary>Awaited once the attempt has its permit, before its handler starts (the unit records its run there).</summary>
    public Func<Task>? BeforeStart { get; init; }

    /// <summary>Where the unit's handlers' heartbeats go; none for a body.</summary>
    public UnitHeartbeats? Heartbeats { get; init; }

    /// <summary>Where the unit's light handlers run when they have a timeout; none: each on the thread pool by itself.</summary>
    public LightScheduler? LightScheduler { get; init; }
}
