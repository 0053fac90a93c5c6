namespace Chord.Demo.Handlers;

/// <summary>Arguments of <c>sleep</c> and <c>cpu</c>.</summary>
public sealed record DurationArgs(int Ms);
