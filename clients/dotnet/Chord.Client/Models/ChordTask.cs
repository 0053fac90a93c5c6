namespace Chord.Client;

/// <summary>A task or the body of a chord: a registered handler's name and its arguments (anything JSON can carry).</summary>
public sealed record ChordTask(string Handler, object? Args = null);
