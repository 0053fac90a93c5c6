namespace Chord.Grains.Chords;

/// <summary>The outcome of one of <see cref="ChordDecider"/>'s rules.</summary>
/// <param name="State">The state to record: a new copy when <paramref name="Changed"/>, else the given one.</param>
/// <param name="Changed">True when the state must be written (and published) before the effects run.</param>
/// <param name="Effects">What to do once the state is written.</param>
internal sealed record ChordDecision(ChordState State, bool Changed, ChordEffects Effects);
