namespace Chord.Client;

/// <summary>Which failed tasks <see cref="IChordClient.GetFailuresAsync"/> counts: every condition given holds.</summary>
public sealed record FailureFilter
{
    /// <summary>Of chords created at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    public string? Handler { get; init; }

    /// <summary>The exception's type name, or <c>Timeout</c>, <c>HeartbeatTimeout</c>, <c>WorkerLost</c>, …</summary>
    public string? ErrorType { get; init; }

    /// <summary>Of chords with every one of these labels.</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
