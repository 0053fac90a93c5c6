namespace Chord.Grains.Handlers;

/// <summary>A registered handler: its name, whether it is a task or a body, its lane, and its class.</summary>
internal sealed record HandlerDescriptor(string Name, HandlerKind Kind, TaskLane Lane, Type HandlerType)
{
    /// <summary>True for a body that folds its input as the tasks finish (<see cref="IBodyCombiner"/>).</summary>
    public bool IsCombiner => Kind is HandlerKind.Body && typeof(IBodyCombiner).IsAssignableFrom(HandlerType);
}
