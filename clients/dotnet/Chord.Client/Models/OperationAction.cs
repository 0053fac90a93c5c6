namespace Chord.Client;

/// <summary>What a bulk operation does to each chord it selects.</summary>
public enum OperationAction
{
    /// <summary>Runs a failed or cancelled chord again.</summary>
    Redrive,

    /// <summary>Cancels an unfinished chord.</summary>
    Cancel,
}
