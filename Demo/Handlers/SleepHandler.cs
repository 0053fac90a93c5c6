namespace Chord.Demo.Handlers;

/// <summary>
/// <c>sleep</c> <c>{"ms": n}</c>: waits n milliseconds (heavy lane: it stands in for slow work), returns its index.
/// With <c>"ignoreCancellation": true</c> it waits out its time even when cancelled. With <c>"heartbeatMs": h</c>
/// it reports <see cref="SleepProgress"/> every h milliseconds and an attempt after a failed one sleeps only what
/// the last report says is left (as a long task resumes from its checkpoint); <c>"silentAfterMs": s</c> stops its
/// reports after s milliseconds of this attempt.
/// </summary>
public sealed class SleepHandler(TimeProvider time) : ITaskHandler
{
    public async ValueTask<object?> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var args = context.ArgsAs(new DurationArgs(0));
        var token = args.IgnoreCancellation ? CancellationToken.None : cancellationToken;
        if (args.HeartbeatMs <= 0)
        {
            if (args.Ms > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(args.Ms), time, token);
            }

            return context.Index;
        }

        var slept = context.LastHeartbeatAs(new SleepProgress(0)).SleptMs;
        var sleptHere = 0;
        while (slept < args.Ms)
        {
            var step = Math.Min(args.HeartbeatMs, args.Ms - slept);
            await Task.Delay(TimeSpan.FromMilliseconds(step), time, token);
            slept += step;
            sleptHere += step;
            if (args.SilentAfterMs <= 0 || sleptHere < args.SilentAfterMs)
            {
                context.Heartbeat(new SleepProgress(slept));
            }
        }

        return context.Index;
    }
}
