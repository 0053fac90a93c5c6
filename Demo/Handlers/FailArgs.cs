namespace Chord.Demo.Handlers;

/// <summary>Arguments of <c>fail</c>.</summary>
public sealed record FailArgs(int Times);
