namespace Chord.Grains.Handlers;

/// <summary>
/// A named unit of work (like a Celery task). Returns any JSON-serializable value; throwing fails the attempt.
/// Register it with <see cref="ChordHandlersBuilder.AddTask{THandler}"/>.
/// </summary>
public interface ITaskHandler
{
    ValueTask<object?> RunAsync(TaskContext context, CancellationToken cancellationToken);
}
