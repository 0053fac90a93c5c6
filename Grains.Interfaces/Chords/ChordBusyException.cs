namespace Chord;

/// <summary>
/// The silo that holds the chord is already answering as many task listings as it allows at once
/// (<c>Chord:Engine:MaxConcurrentListings</c>); try again after <see cref="RetryAfterSeconds"/>. Over HTTP: 503 with
/// Retry-After.
/// </summary>
[GenerateSerializer, Alias("chord.ChordBusyException")]
public sealed class ChordBusyException(string chordId, int retryAfterSeconds)
    : Exception($"The silo holding chord '{chordId}' is answering as many task listings as it allows at once; try again in {retryAfterSeconds} s.")
{
    [Id(0)] public string ChordId { get; } = chordId;

    [Id(1)] public int RetryAfterSeconds { get; } = retryAfterSeconds;
}
