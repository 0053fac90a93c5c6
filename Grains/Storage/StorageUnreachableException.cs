namespace Chord.Grains.Storage;

/// <summary>
/// This silo's writes have failed for longer than <see cref="ChordEngineOptions.StorageGiveUpAfter"/>: the work that
/// needs them is given back, to be done where storage answers.
/// </summary>
internal sealed class StorageUnreachableException(TimeSpan failingFor, Exception lastFailure)
    : Exception($"Storage writes have failed on this silo for {failingFor.TotalSeconds:N0} s; the work is given back.", lastFailure);
