namespace Chord.Grains.Handlers.BuiltIn;

/// <summary>Arguments of <c>fail</c>.</summary>
public sealed record FailArgs(int Times);
