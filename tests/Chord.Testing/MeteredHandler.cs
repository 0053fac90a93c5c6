using Chord.Grains.Handlers;

namespace Chord.Testing;

/// <summary>
/// <c>metered</c> (light): a handler no other test uses, so a test can read its own counts in a scrape of the
/// process's metrics. <c>{"fail": true}</c> fails every attempt, <c>{"failFirst": true}</c> only the first; else
/// returns its index.
/// </summary>
public sealed class MeteredHandler : ITaskHandler
{
    public ValueTask<object?> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var args = context.ArgsAs(new MeteredArgs(false, false));
        return args.Fail || (args.FailFirst && context.Attempt == 1)
            ? throw new InvalidOperationException($"Task {context.Index} fails on purpose (attempt {context.Attempt}).")
            : ValueTask.FromResult<object?>(context.Index);
    }
}
