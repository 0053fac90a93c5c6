namespace Chord.Grains.Tasks;

/// <summary>
/// What a run does with one task (<see cref="UnitLedger.Plan"/>): keep its success from an earlier drive, fail it
/// <c>WorkerLost</c> (lost runs used all its attempts), or run attempts <paramref name="FirstAttempt"/> to
/// <paramref name="LastAttempt"/>. <paramref name="Before"/> is its record from an earlier drive;
/// <paramref name="LostRuns"/> the runs lost with their silo that started it.
/// </summary>
internal sealed record TaskPlan(TaskPlanKind Kind, TaskRecord? Before, int LostRuns, int FirstAttempt, int LastAttempt);
