namespace Chord.Demo.Handlers;

/// <summary>
/// <c>sleep</c> <c>{"ms": n}</c>: waits n milliseconds (heavy lane: it stands in for slow work), returns its index.
/// With <c>"ignoreCancellation": true</c> it waits out its time even when cancelled.
/// </summary>
public sealed class SleepHandler(TimeProvider time) : ITaskHandler
{
    public async ValueTask<object?> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var args = context.ArgsAs(new DurationArgs(0));
        if (args.Ms > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(args.Ms), time, args.IgnoreCancellation ? CancellationToken.None : cancellationToken);
        }

        return context.Index;
    }
}
