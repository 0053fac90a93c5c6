namespace Chord.Grains.Tasks;

/// <summary>
/// How a task ended: the one word for a task's final state. The task listing shows it as a <see cref="TaskPhase"/>
/// (which adds pending and running); the values are stored as numbers, so their order never changes.
/// </summary>
internal enum TaskOutcome
{
    Succeeded,
    Failed,
    Cancelled,
}
