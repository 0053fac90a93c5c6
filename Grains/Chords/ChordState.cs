namespace Chord.Grains.Chords;

/// <summary>
/// A chord's progress, written after every recorded change. Its size does not grow with the number of tasks:
/// dispatch goes in unit order, so "completed" is every unit below <see cref="NextUnit"/> that is not in
/// <see cref="InFlight"/> (at most the dispatch window), and a report counts only if its unit is in flight.
/// Its rules live in <see cref="ChordDecider"/>.
/// </summary>
[GenerateSerializer, Alias("chord.ChordState")]
internal sealed class ChordState
{
    [Id(0)] public bool Exists { get; set; }

    [Id(1)] public ChordStatus Status { get; set; }

    [Id(2)] public int Total { get; set; }

    [Id(3)] public int UnitSize { get; set; }

    [Id(4)] public int UnitCount { get; set; }

    [Id(5)] public int Window { get; set; }

    [Id(6)] public int MaxAttempts { get; set; }

    [Id(7)] public int NextUnit { get; set; }

    [Id(8)] public HashSet<int> InFlight { get; set; } = [];

    [Id(9)] public int Succeeded { get; set; }

    [Id(10)] public int Failed { get; set; }

    [Id(11)] public int Cancelled { get; set; }

    [Id(12)] public List<TaskFailure> Failures { get; set; } = [];

    [Id(13)] public string BodyHandler { get; set; } = "";

    [Id(14)] public BodyStatus BodyStatus { get; set; }

    [Id(15)] public int BodyAttempts { get; set; }

    [Id(16)] public string? BodyResult { get; set; }

    [Id(17)] public TaskError? BodyError { get; set; }

    [Id(18)] public DateTimeOffset CreatedAt { get; set; }

    [Id(19)] public DateTimeOffset? TasksFinishedAt { get; set; }

    [Id(20)] public DateTimeOffset? FinishedAt { get; set; }

    [Id(21)] public long Version { get; set; }

    /// <summary>Why dispatch stopped early, if it did.</summary>
    [Id(22)] public StopReason Stop { get; set; }

    /// <summary>True once the task records were purged after the result retention.</summary>
    [Id(23)] public bool Purged { get; set; }

    /// <summary>
    /// When the body is a combiner: the units' partials merged so far, as JSON (<c>null</c> for nothing yet).
    /// Null (no JSON at all) for any other body.
    /// </summary>
    [Id(24)] public string? Combined { get; set; }

    /// <summary>Units whose records are purged (all below this one): a purge goes on from here after a restart.</summary>
    [Id(25)] public int PurgedUnits { get; set; }

    /// <summary>How the tasks are retried (null in chords recorded before: <see cref="MaxAttempts"/> and the defaults).</summary>
    [Id(26)] public RetryPolicy? TaskRetry { get; set; }

    /// <summary>How the body is retried (null in chords recorded before: <see cref="MaxAttempts"/> and the defaults).</summary>
    [Id(27)] public RetryPolicy? BodyRetry { get; set; }

    /// <summary>The longest a task's attempt may run; none when null.</summary>
    [Id(28)] public TimeSpan? TaskTimeout { get; set; }

    /// <summary>Failed tasks tolerated; null: none unless a percentage is given.</summary>
    [Id(29)] public int? ToleratedFailures { get; set; }

    /// <summary>Failed tasks tolerated as a percentage of <see cref="Total"/>; null: not by percentage.</summary>
    [Id(30)] public double? ToleratedFailurePercent { get; set; }

    /// <summary>Its heavy tasks' place in each silo's heavy lane.</summary>
    [Id(31)] public ChordPriority Priority { get; set; }

    /// <summary>How many times the chord was redriven; units and the body run for this generation.</summary>
    [Id(32)] public int Redrives { get; set; }

    /// <summary>The longest a task's handler may go without a heartbeat; none when null.</summary>
    [Id(33)] public TimeSpan? HeartbeatTimeout { get; set; }

    /// <summary>The chord's maxConcurrency as submitted or last changed; null when none was given.</summary>
    [Id(34)] public int? MaxConcurrency { get; set; }

    /// <summary>
    /// The most units any drive sent (a redrive starts again from unit 0, and may stop earlier): every unit below
    /// this may hold records, so the purge goes this far.
    /// </summary>
    [Id(35)] public int UnitsSent { get; set; }

    /// <summary>The W3C id of the chord's submit span: its units' and body's spans are its children (one trace per chord).</summary>
    [Id(36)] public string? TraceParent { get; set; }

    /// <summary>Heavy tasks in a unit at most (0 for light chords): the window follows the cluster's heavy capacity with it.</summary>
    [Id(37)] public int HeavyPerUnit { get; set; }

    /// <summary>What the body's combiner threw, if it did (the chord then fails without running the body).</summary>
    [Id(38)] public string? CombinerError { get; set; }

    /// <summary>The longest a body's attempt may run; none when null.</summary>
    [Id(39)] public TimeSpan? BodyTimeout { get; set; }

    /// <summary>When the cancel that made the chord cancelling was recorded: <c>CancelGrace</c> after it, the chord ends.</summary>
    [Id(40)] public DateTimeOffset? CancelRequestedAt { get; set; }

    /// <summary>
    /// The submitted spec when it is small (<c>ChordGrain.InlineSpecBytes</c>): written with the first state, so a
    /// small chord's submit costs one write, not two. A larger one is in its own state ("spec"), written once.
    /// </summary>
    [Id(41)] public ChordSpec? Spec { get; set; }

    /// <summary>A hash of the spec, to tell a repeated submit from a conflicting one (null: in the spec's own state, as the previous release kept it).</summary>
    [Id(42)] public string? Fingerprint { get; set; }

    /// <summary>
    /// Submitted by a release whose index shards wake chords: it never had a reminder (false for the previous
    /// release's chords, whose reminder goes once their shard has their row).
    /// </summary>
    [Id(43)] public bool WithoutWakeUpReminder { get; set; }

    /// <summary>The labels it was submitted with (never changed after).</summary>
    [Id(44)] public Dictionary<string, string>? Labels { get; set; }

    /// <summary>The handlers its tasks use, each once (for the index's search by handler).</summary>
    [Id(45)] public string[]? TaskHandlers { get; set; }

    /// <summary>Its failed tasks (of this drive) counted by handler and error type, with a sample each.</summary>
    [Id(46)] public FailureGroup[] FailureGroups { get; set; } = [];

    /// <summary>The latest bulk operations that redrove or cancelled it (so one that asks again is not acted on twice).</summary>
    [Id(47)] public string[] Operations { get; set; } = [];

    /// <summary>Its webhook, if it has one.</summary>
    [Id(48)] public NotifySpec? Notify { get; set; }

    /// <summary>Its webhook grain settled every event of this drive, its final one included (delivered or given up).</summary>
    [Id(49)] public bool NotifiedFinal { get; set; }

    /// <summary>The highest percent of this drive's tasks completed that its webhook grain took a progress event for.</summary>
    [Id(50)] public int ProgressNotified { get; set; }

    /// <summary>The key its work counts under (<c>options.key</c>), if any.</summary>
    [Id(56)] public string? Key { get; set; }

    /// <summary>The chord's own limit on its key's heavy tasks running at once (<c>options.keyLimit</c>), if any.</summary>
    [Id(57)] public int? KeyLimit { get; set; }

    /// <summary>The chord whose continuation submitted this one.</summary>
    [Id(51)] public string? Previous { get; set; }

    /// <summary>Whether its spec has a <c>then</c> (submitted when it succeeds) and an <c>onFailure</c> (when it fails).</summary>
    [Id(52)] public bool HasThen { get; set; }

    [Id(53)] public bool HasOnFailure { get; set; }

    /// <summary>The chord its continuation submitted (recorded once that submit succeeded).</summary>
    [Id(54)] public string? Next { get; set; }

    /// <summary>Why its continuation could not be submitted (recorded instead of <see cref="Next"/>).</summary>
    [Id(55)] public string? ContinuationError { get; set; }

    /// <summary>Whether it finished with a continuation to submit that it has not recorded as submitted (or refused).</summary>
    public bool ContinuationPending => IsFinal && Next is null && ContinuationError is null
        && ((Status is ChordStatus.Succeeded && HasThen) || (Status is ChordStatus.Failed && HasOnFailure));

    /// <summary>What its index shard wakes it for after it finished: its webhook or its continuation is not settled.</summary>
    public bool FollowUpPending => NotifyPending || ContinuationPending;

    /// <summary>Whether its final event is due to its webhook and not yet settled: its index shard wakes it until it is.</summary>
    public bool NotifyPending => IsFinal && !NotifiedFinal && Notify is { } notify && notify.Wants(FinalEvent);

    public NotifyEvent FinalEvent => Status switch
    {
        ChordStatus.Succeeded => NotifyEvent.Succeeded,
        ChordStatus.Cancelled => NotifyEvent.Cancelled,
        _ => NotifyEvent.Failed,
    };

    /// <summary>Units below this may hold records: those sent by this drive or an earlier one.</summary>
    public int UnitsWithRecords => Math.Max(NextUnit, UnitsSent);

    public int Completed => Succeeded + Failed + Cancelled;

    public bool IsFinal => Status is ChordStatus.Succeeded or ChordStatus.Failed or ChordStatus.Cancelled;

    public int SizeOfUnit(int unit) => Math.Min(UnitSize, Total - (unit * UnitSize));

    /// <summary>A copy that shares nothing mutable with this one (the decider never changes the state it is given).</summary>
    public ChordState Copy()
    {
        var copy = (ChordState)MemberwiseClone();
        copy.InFlight = [.. InFlight];
        copy.Failures = [.. Failures];
        return copy;
    }
}
