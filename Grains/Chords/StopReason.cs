namespace Chord.Grains.Chords;

/// <summary>Why a chord stopped dispatching before its last unit.</summary>
internal enum StopReason
{
    None,
    TaskFailed,
    CancelRequested,

    /// <summary>The body's combiner threw (in a unit or merging in the chord): the body cannot get its input.</summary>
    CombinerFailed,
}
