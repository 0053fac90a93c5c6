namespace Chord.Grains.Chords;

/// <summary>How a chord's tasks are cut into units and sent, fixed at submit (see <see cref="ChordPlan"/>).</summary>
/// <param name="Total">Tasks in the chord.</param>
/// <param name="UnitSize">Tasks per unit (the last unit may hold fewer).</param>
/// <param name="UnitCount">Units in the chord.</param>
/// <param name="Window">Units in flight at most.</param>
/// <param name="MaxAttempts">Attempts per task (and for the body when <paramref name="BodyRetry"/> is not given).</param>
/// <param name="BodyHandler">The body handler's name.</param>
/// <param name="BodyCombines">True when the body is a combiner: units report partials, the chord merges them.</param>
/// <param name="TaskRetry">How the tasks are retried (its attempts are <paramref name="MaxAttempts"/>).</param>
/// <param name="BodyRetry">How the body is retried.</param>
/// <param name="TaskTimeout">The longest a task's attempt may run; none when null.</param>
/// <param name="ToleratedFailures">Failed tasks tolerated (see <see cref="ChordOptions.ToleratedFailures"/>).</param>
/// <param name="ToleratedFailurePercent">Failed tasks tolerated as a percentage of all.</param>
/// <param name="Priority">Its heavy tasks' place in each silo's heavy lane.</param>
/// <param name="HeartbeatTimeout">The longest a task's handler may go without a heartbeat; none when null.</param>
/// <param name="MaxConcurrency">The maxConcurrency the chord was submitted with, if any.</param>
/// <param name="HeavyPerUnit">Heavy tasks in a unit at most (0 for a chord of light tasks): its window follows the cluster's heavy capacity.</param>
/// <param name="BodyTimeout">The longest a body's attempt may run; none when null.</param>
/// <param name="Labels">The labels it was submitted with.</param>
/// <param name="TaskHandlers">The handlers its tasks use, each once.</param>
/// <param name="Notify">Its webhook, if it has one.</param>
/// <param name="HasThen">Whether it has a <c>then</c>.</param>
/// <param name="HasOnFailure">Whether it has an <c>onFailure</c>.</param>
/// <param name="Key">The key its work counts under, if any.</param>
/// <param name="KeyLimit">Its own limit on its key's heavy tasks running at once, if any.</param>
internal sealed record ChordLayout(int Total, int UnitSize, int UnitCount, int Window, int MaxAttempts, string BodyHandler, bool BodyCombines = false, RetryPolicy? TaskRetry = null, RetryPolicy? BodyRetry = null, TimeSpan? TaskTimeout = null, int? ToleratedFailures = null, double? ToleratedFailurePercent = null, ChordPriority Priority = ChordPriority.Normal, TimeSpan? HeartbeatTimeout = null, int? MaxConcurrency = null, int HeavyPerUnit = 0, TimeSpan? BodyTimeout = null, Dictionary<string, string>? Labels = null, string[]? TaskHandlers = null, NotifySpec? Notify = null, bool HasThen = false, bool HasOnFailure = false, string? Key = null, int? KeyLimit = null);
