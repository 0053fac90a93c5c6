namespace Chord.Grains.Handlers;

/// <summary>
/// A chord's synchronization step: runs once, after every task succeeded, over their results.
/// Register it with <see cref="ChordHandlersBuilder.AddBody{THandler}"/>.
/// </summary>
public interface IBodyHandler
{
    ValueTask<object?> RunAsync(BodyContext context, CancellationToken cancellationToken);
}
