namespace Chord.Grains.Handlers;

/// <summary>A registered handler: its name, whether it is a task or a body, its lane, and its class.</summary>
internal sealed record HandlerDescriptor(string Name, HandlerKind Kind, TaskLane Lane, Type HandlerType)
{
    private readonly Type[] _neverRetried = [.. HandlerType.GetCustomAttributes(typeof(NeverRetryAttribute), inherit: true).Cast<NeverRetryAttribute>().SelectMany(a => a.Exceptions)];

    /// <summary>The retry defaults the handler declared, if any (<see cref="RetryDefaultsAttribute"/>).</summary>
    public RetryDefaultsAttribute? RetryDefaults { get; } = HandlerType.GetCustomAttributes(typeof(RetryDefaultsAttribute), inherit: true).Cast<RetryDefaultsAttribute>().FirstOrDefault();

    /// <summary>True when the handler declared (<see cref="NeverRetryAttribute"/>) that no retry fixes <paramref name="exception"/>.</summary>
    public bool NeverRetries(Exception exception) => _neverRetried.Any(type => type.IsInstanceOfType(exception));

    /// <summary>True for a body that folds its input as the tasks finish (<see cref="IBodyCombiner"/>).</summary>
    public bool IsCombiner => Kind is HandlerKind.Body && typeof(IBodyCombiner).IsAssignableFrom(HandlerType);
}
