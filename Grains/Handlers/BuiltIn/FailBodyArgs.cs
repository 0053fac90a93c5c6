namespace Chord.Grains.Handlers.BuiltIn;

/// <summary>The arguments of <c>fail-body</c>: how many attempts fail first.</summary>
internal sealed record FailBodyArgs(int Times);
