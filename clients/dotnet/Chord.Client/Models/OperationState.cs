namespace Chord.Client;

/// <summary>Whether a bulk operation still goes through its chords.</summary>
public enum OperationState
{
    Running,

    /// <summary>Every chord it selected was acted on, skipped or counted as failed.</summary>
    Completed,
}
