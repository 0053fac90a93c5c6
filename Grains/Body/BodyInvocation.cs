using Chord.Grains.Lanes;

namespace Chord.Grains.Body;

/// <summary>
/// What the body grain needs to run a chord's body: the spec, its attempts, and where its input is (the results
/// stay with the task units and are streamed to the handler; a combining body's merged partial comes along).
/// <paramref name="Generation"/> is the chord's redrive count: a body recorded for an earlier one runs again.
/// <paramref name="Timeout"/> bounds each attempt (<c>bodyTimeoutMs</c>); none when null.
/// </summary>
[GenerateSerializer, Immutable, Alias("chord.BodyInvocation")]
internal sealed record BodyInvocation(string ChordId, TaskSpec Body, int MaxAttempts, BodyInput Input, RetryPolicy? Retry = null, int Generation = 0, string? TraceParent = null, TimeSpan? Timeout = null);
