namespace Chord.Grains.Tasks;

/// <summary>Whether a run keeps, runs or fails (<c>WorkerLost</c>) a task; see <see cref="TaskPlan"/>.</summary>
internal enum TaskPlanKind
{
    Run,
    Keep,
    Lost,
}
