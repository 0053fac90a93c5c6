using Chord.Demo.Handlers;
using Chord.Grains.Handlers;

namespace Chord.Testing;

/// <summary>
/// <c>fail-then-sleep</c> (heavy): its first attempt fails; later ones sleep <c>{"ms": n}</c> (honouring the token)
/// and return the task's index. So a redrive has work that runs long enough to be reached mid-run.
/// </summary>
public sealed class FailThenSleepHandler : ITaskHandler
{
    public async ValueTask<object?> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        if (context.Attempt == 1)
        {
            throw new InvalidOperationException("The first attempt fails on purpose.");
        }

        await Task.Delay(context.ArgsAs(new DurationArgs(0)).Ms, cancellationToken);
        return context.Index;
    }
}
