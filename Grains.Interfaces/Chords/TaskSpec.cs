namespace Chord;

/// <summary>One unit of work: the name of a registered handler and its JSON arguments.</summary>
/// <param name="Handler">The handler's registered name, e.g. <c>noop</c> or <c>render-tile</c>.</param>
/// <param name="Args">The arguments as raw JSON text, or <see langword="null"/> for none.</param>
[GenerateSerializer, Immutable, Alias("chord.TaskSpec")]
public sealed record TaskSpec(string Handler, string? Args = null);
