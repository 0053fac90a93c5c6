namespace Chord;

/// <summary>The body as seen in a progress snapshot.</summary>
/// <param name="Handler">The body handler's name.</param>
/// <param name="Status">The body's state.</param>
/// <param name="Attempts">Body invocations so far, each recorded before it started.</param>
/// <param name="Result">The body's result as raw JSON text, once it succeeded.</param>
/// <param name="Error">Why it failed, once it failed.</param>
[GenerateSerializer, Immutable, Alias("chord.BodyProgress")]
public sealed record BodyProgress(string Handler, BodyStatus Status, int Attempts, string? Result, TaskError? Error);
