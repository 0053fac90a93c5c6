namespace Chord.Grains.Index;

/// <summary>The engine's side of the index of recent chords (key 0): what clients may not do to it.</summary>
[Alias("chord.IChordIndexEntriesGrain")]
internal interface IChordIndexEntriesGrain : IGrainWithIntegerKey
{
    /// <summary>Removes the chord's entry (the chord was deleted after its retention). Idempotent.</summary>
    [Alias("Forget")]
    Task ForgetAsync(string chordId);
}
