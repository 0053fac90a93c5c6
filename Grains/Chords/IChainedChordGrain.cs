namespace Chord.Grains.Chords;

/// <summary>A chord as the chord before it in a chain sees it: submitted as that chord's continuation.</summary>
[Alias("chord.IChainedChordGrain")]
internal interface IChainedChordGrain : IGrainWithStringKey
{
    /// <summary>
    /// Submits the chord as <paramref name="previous"/>'s continuation. Submitted again (the previous one lost the
    /// answer), it returns the chord the first submit made, even when the spec made again differs in a detail.
    /// </summary>
    [Alias("SubmitNext")]
    Task<SubmitResult> SubmitNextAsync(ChordSpec spec, string previous);
}
