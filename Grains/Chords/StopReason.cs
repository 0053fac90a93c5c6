namespace Chord.Grains.Chords;

/// <summary>Why a chord stopped dispatching before its last unit.</summary>
internal enum StopReason
{
    None,
    TaskFailed,
    CancelRequested,
}
