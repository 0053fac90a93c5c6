namespace Chord;

/// <summary>Which chords' failed tasks <see cref="IChordIndexGrain.FailuresAsync"/> counts: every condition given holds.</summary>
[GenerateSerializer, Immutable, Alias("chord.FailureQuery")]
public sealed record FailureQuery
{
    /// <summary>Chords created at or after this time.</summary>
    [Id(0)] public DateTimeOffset? Since { get; init; }

    /// <summary>Only failures of this handler.</summary>
    [Id(1)] public string? Handler { get; init; }

    /// <summary>Only failures of this error type (the exception's type name, <c>Timeout</c>, <c>WorkerLost</c>, …).</summary>
    [Id(2)] public string? ErrorType { get; init; }

    /// <summary>Only chords with every one of these labels.</summary>
    [Id(3)] public Dictionary<string, string>? Labels { get; init; }
}
