using Chord.Grains.Handlers;

namespace Chord.Testing;

/// <summary>
/// <c>picky</c>: on its first attempt throws what its arguments say — <c>"format"</c> a <see cref="FormatException"/>,
/// which it declares never retried, anything else an <see cref="InvalidOperationException"/> — then returns its index.
/// </summary>
[NeverRetry(typeof(FormatException))]
public sealed class PickyHandler : ITaskHandler
{
    public ValueTask<object?> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        if (context.Attempt == 1)
        {
            throw context.ArgsAs("") == "format" ? new FormatException("bad input") : new InvalidOperationException("try again");
        }

        return ValueTask.FromResult<object?>(context.Index);
    }
}
