namespace Chord.Grains.Handlers;

/// <summary>
/// Declares exceptions of a handler that no retry can fix (bad input, say): an attempt that throws one of these
/// types (or a subtype) fails its task (or the body) at once, whatever attempts are left.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class NeverRetryAttribute(params Type[] exceptions) : Attribute
{
    public IReadOnlyList<Type> Exceptions { get; } = exceptions;
}
