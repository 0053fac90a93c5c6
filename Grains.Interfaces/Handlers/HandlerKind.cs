namespace Chord;

/// <summary>Whether a handler runs as one of a chord's tasks or as its body.</summary>
public enum HandlerKind
{
    Task,
    Body,
}
