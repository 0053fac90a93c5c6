namespace Chord.Testing;

/// <summary>Arguments of <c>metered</c>.</summary>
public sealed record MeteredArgs(bool Fail, bool FailFirst);
