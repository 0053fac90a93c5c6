namespace Chord.Grains.Chords;

/// <summary>What retention does next with a finished chord.</summary>
internal enum RetentionStep
{
    /// <summary>Forget the task records (<c>ResultRetention</c> after the chord finished).</summary>
    PurgeRecords,

    /// <summary>Delete everything the chord stored (<c>ChordRetention</c> after it finished).</summary>
    DeleteChord,
}
