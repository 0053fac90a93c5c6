using Chord.Grains.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chord.Grains.Lanes;

/// <summary>
/// Runs one attempt of a handler in its lane: light ones inline, heavy ones through a local permit and then the
/// stateless worker on this silo. Task grains and body grains both go through here. An attempt with a timeout that
/// runs longer has its token cancelled and is abandoned: it fails with error type <c>Timeout</c> at once, and its
/// late result is never read. An abandoned heavy handler keeps its permit until it returns, so K stays a bound on
/// the handlers that really run (the throttle is there for memory).
/// </summary>
internal sealed partial class LaneRunner(
    HandlerCatalog catalog,
    HandlerInvoker invoker,
    HeavyLane lane,
    LocalCancellations cancellations,
    IGrainFactory grains,
    [FromKeyedServices(EngineClock.Key)] TimeProvider time,
    ILogger<LaneRunner> logger)
{
    private int _abandoned;

    /// <summary>Handlers on this silo whose attempt timed out and that still run.</summary>
    public int Abandoned => Volatile.Read(ref _abandoned);

    /// <summary>True when the handler runs in the light lane.</summary>
    public bool IsLight(string handler) => catalog.Get(handler).Lane is TaskLane.Light;

    /// <param name="call">The attempt.</param>
    /// <param name="cancellationToken">The task's cancellation (the user's cancel).</param>
    /// <param name="timeout">How long the attempt may run once it has its permit; none when null.</param>
    /// <param name="priority">The chord's priority in the heavy lane.</param>
    public async Task<AttemptResult> RunAsync(HandlerCall call, CancellationToken cancellationToken, TimeSpan? timeout = null, ChordPriority priority = ChordPriority.Normal)
    {
        if (IsLight(call.Handler))
        {
            using var light = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            return await WithinAsync(invoker.InvokeAsync(call, light.Token), light, call, timeout);
        }

        HeavyLane.Permit permit;
        try
        {
            permit = await lane.AcquireAsync(call.ChordId, priority, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return AttemptResult.CancelledAt(call.Attempt);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            // A permit freed by a cancelled handler can go to a waiter of the same cancelled unit: do not start it.
            permit.Dispose();
            return AttemptResult.CancelledAt(call.Attempt);
        }

        var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var local = call with { CallId = Guid.NewGuid() };
        var registration = cancellations.Open(local.CallId, attempt.Token);
        var run = grains.GetGrain<IHeavyWorkerGrain>(0).RunAsync(local);
        _ = run.ContinueWith(
            _ =>
            {
                // Only once the handler returned, even after its attempt was abandoned.
                registration.Dispose();
                attempt.Dispose();
                permit.Dispose();
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return await WithinAsync(run, attempt, call, timeout);
    }

    private async Task<AttemptResult> WithinAsync(Task<AttemptResult> run, CancellationTokenSource attempt, HandlerCall call, TimeSpan? timeout)
    {
        if (timeout is not { } limit || run.IsCompleted)
        {
            return await run;
        }

        using var timerStop = new CancellationTokenSource();
        var timer = Task.Delay(limit, time, timerStop.Token);
        if (await Task.WhenAny(run, timer) == run)
        {
            await timerStop.CancelAsync();
            return await run;
        }

        if (run.IsCompleted)
        {
            return await run; // it returned as the timer fired
        }

        try
        {
            await attempt.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // The heavy handler returned between the check and the cancel, and its permit went back with it.
        }

        var abandoned = Interlocked.Increment(ref _abandoned);
        _ = run.ContinueWith(_ => Interlocked.Decrement(ref _abandoned), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        LogAbandoned(logger, call.ChordId, call.Index, call.Attempt, limit.TotalMilliseconds, abandoned);
        return new AttemptResult(null, new TaskError("Timeout", $"The attempt ran longer than its {limit.TotalMilliseconds:N0} ms; it was cancelled and abandoned.", call.Attempt));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chord {ChordId}: task {Index} attempt {Attempt} ran past its {TimeoutMs} ms and was abandoned; {Abandoned} abandoned handler(s) still run on this silo.")]
    private static partial void LogAbandoned(ILogger logger, string chordId, int index, int attempt, double timeoutMs, int abandoned);
}
