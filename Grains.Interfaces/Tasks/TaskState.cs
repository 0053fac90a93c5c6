namespace Chord;

/// <summary>The final state of one task.</summary>
public enum TaskState
{
    Succeeded,
    Failed,
    Cancelled,
}
