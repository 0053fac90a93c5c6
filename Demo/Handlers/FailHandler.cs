namespace Chord.Demo.Handlers;

/// <summary>
/// <c>fail</c> <c>{"times": n}</c>: fails its first n attempts, then returns its index; fails every attempt when n
/// is negative. For trying out retries and failure handling.
/// </summary>
public sealed class FailHandler : ITaskHandler
{
    public ValueTask<object?> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var times = context.ArgsAs(new FailArgs(-1)).Times;
        if (times < 0 || context.Attempt <= times)
        {
            throw new InvalidOperationException($"Task {context.Index} failed on purpose (attempt {context.Attempt}).");
        }

        return ValueTask.FromResult<object?>(context.Index);
    }
}
