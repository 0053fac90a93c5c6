using System.Diagnostics;
using Chord.Grains.Handlers;
using Chord.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chord.Grains.Lanes;

/// <summary>
/// Runs one attempt of a handler in its lane: light ones inline, heavy ones through a local permit and then the
/// stateless worker on this silo. Task grains and body grains both go through here. An attempt with a timeout that
/// runs longer, or whose handler goes silent longer than its heartbeat timeout, has its token cancelled and is
/// abandoned: it fails with error type <c>Timeout</c> (or <c>HeartbeatTimeout</c>) at once, and its late result is
/// never read. An abandoned heavy handler keeps its permit until it returns, so K stays a bound on
/// the handlers that really run (the throttle is there for memory). A light handler with a timeout runs off the task
/// grain's scheduler (<see cref="LightScheduler"/>), so one that blocks its thread is timed out all the same.
/// </summary>
internal sealed partial class LaneRunner(
    HandlerCatalog catalog,
    HandlerInvoker invoker,
    HeavyLane lane,
    LocalCalls calls,
    IGrainFactory grains,
    ChordMetrics metrics,
    ILocalSiloDetails silo,
    [FromKeyedServices(EngineClock.Key)] TimeProvider time,
    ILogger<LaneRunner> logger)
{
    /// <summary>How long a heavy call the silo cannot address is sent again before the run gives up on it.</summary>
    private static readonly TimeSpan AddressingGiveUp = TimeSpan.FromSeconds(60);

    private int _abandoned;
    private int _abandonedHeavy;

    /// <summary>Handlers on this silo whose attempt timed out and that still run.</summary>
    public int Abandoned => Volatile.Read(ref _abandoned);

    /// <summary>Heavy handlers among <see cref="Abandoned"/>: each still holds its heavy permit.</summary>
    public int AbandonedHeavy => Volatile.Read(ref _abandonedHeavy);

    /// <summary>True when the handler runs in the light lane (or is not registered on this silo: its attempt fails at once).</summary>
    public bool IsLight(string handler) => catalog.Find(handler)?.Lane is TaskLane.Light or null;

    /// <param name="call">The attempt.</param>
    /// <param name="cancellationToken">The task's cancellation (the user's cancel).</param>
    /// <param name="limits">Its timeouts, priority, what runs before the handler and where heartbeats go.</param>
    public async Task<AttemptResult> RunAsync(HandlerCall call, CancellationToken cancellationToken, AttemptLimits? limits = null)
    {
        limits ??= AttemptLimits.None;
        if (catalog.Find(call.Handler) is null)
        {
            // Registered where the chord was checked, not here (a silo of another release): no retry here fixes it.
            return new AttemptResult(null, new TaskError(ErrorTypes.HandlerNotFound, $"No handler '{call.Handler}' is registered on the silo that ran this attempt ({silo.SiloAddress}).", call.Attempt), Permanent: true);
        }

        if (IsLight(call.Handler))
        {
            if (limits.BeforeStart is { } beforeLight)
            {
                await beforeLight();
            }

            var lightStart = Stopwatch.GetTimestamp();
            if (limits.Timeout is null && limits.HeartbeatTimeout is null)
            {
                // Nothing to time out: inline on the calling grain, the cheapest way to run a light handler.
                using var inline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                return Measured(call, lightStart, await invoker.InvokeAsync(call, inline.Token, limits.Heartbeats));
            }

            // Off the grain's scheduler: a handler that blocks its thread would otherwise block the timer's turn too.
            var light = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var offloaded = OffGrainAsync(call, light.Token, limits);
            _ = offloaded.ContinueWith(_ => light.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return Measured(call, lightStart, await WithinAsync(offloaded, light, call, limits, heavy: false));
        }

        HeavyLane.Permit permit;
        try
        {
            permit = await lane.AcquireAsync(new HeavyRequest(call.ChordId, limits.Key, limits.KeyLimit, call.Handler, limits.Priority), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return AttemptResult.CancelledAt(call.Attempt);
        }

        try
        {
            if (limits.BeforeStart is { } beforeHeavy)
            {
                await beforeHeavy();
            }
        }
        catch
        {
            permit.Dispose();
            throw;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            // A permit freed by a cancelled handler can go to a waiter of the same cancelled unit: do not start it.
            permit.Dispose();
            return AttemptResult.CancelledAt(call.Attempt);
        }

        var heavyStart = Stopwatch.GetTimestamp();
        var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var local = call with { CallId = Guid.NewGuid() };
        var registration = calls.Open(local.CallId, attempt.Token, limits.Heartbeats);
        var run = CallWorkerAsync(local, attempt.Token);
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
        return Measured(call, heavyStart, await WithinAsync(run, attempt, call, limits, heavy: true));
    }

    /// <summary>
    /// Calls this silo's heavy worker. A call the silo could not address never reached the worker (Orleans may look the
    /// worker up in a grain directory whose partition was on a silo that just died, until membership declares it dead):
    /// its handler did not start, so it is sent again, after a pause that grows to a second, for up to
    /// <see cref="AddressingGiveUp"/>, instead of failing the unit's run, which would charge the task an attempt as if
    /// the silo running it had died, time after time while the dead silo is still a member.
    /// </summary>
    private async Task<AttemptResult> CallWorkerAsync(HandlerCall local, CancellationToken cancellationToken)
    {
        var since = Stopwatch.GetTimestamp();
        for (var tries = 1; ; tries++)
        {
            try
            {
                return await grains.GetGrain<IHeavyWorkerGrain>(0).RunAsync(local);
            }
            catch (OrleansMessageRejectionException rejected) when (!cancellationToken.IsCancellationRequested && Stopwatch.GetElapsedTime(since) < AddressingGiveUp)
            {
                LogWorkerUnreachable(logger, rejected, local.ChordId, local.Index, tries);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 100 * tries)), CancellationToken.None);
            }
        }
    }

    /// <summary>Runs a light handler on the unit's <see cref="LightScheduler"/> (a body's: on the pool); cancelled before it started, it counts as cancelled.</summary>
    private async Task<AttemptResult> OffGrainAsync(HandlerCall call, CancellationToken cancellationToken, AttemptLimits limits)
    {
        Func<Task<AttemptResult>> invoke = () => invoker.InvokeAsync(call, cancellationToken, limits.Heartbeats);
        var started = limits.LightScheduler is { } scheduler ? scheduler.Run(invoke, cancellationToken) : Task.Run(invoke, cancellationToken);
        try
        {
            // Not back on the grain: this completes when the handler does, even after the grain moved on or went.
            return await started.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (started.IsCanceled)
        {
            return AttemptResult.CancelledAt(call.Attempt);
        }
    }

    private AttemptResult Measured(HandlerCall call, long startedAt, AttemptResult outcome)
    {
        metrics.AttemptRan(call.Handler, body: call.Index < 0, Stopwatch.GetElapsedTime(startedAt), outcome.Succeeded ? "succeeded" : outcome.Cancelled ? "cancelled" : "failed");
        return outcome;
    }

    /// <summary>
    /// Waits for the attempt, but no longer than its timeout, nor longer than its heartbeat timeout after its last
    /// heartbeat (or its start, before the first); past either, cancels and abandons it.
    /// </summary>
    private async Task<AttemptResult> WithinAsync(Task<AttemptResult> run, CancellationTokenSource attempt, HandlerCall call, AttemptLimits limits, bool heavy)
    {
        if ((limits.Timeout is null && limits.HeartbeatTimeout is null) || run.IsCompleted)
        {
            return await run;
        }

        var startedAt = time.GetUtcNow();
        TaskError expired;
        while (true)
        {
            var (deadline, error) = NextDeadline(startedAt, call, limits);
            var wait = deadline - time.GetUtcNow();
            if (wait <= TimeSpan.Zero)
            {
                expired = error;
                break;
            }

            try
            {
                // One timer and no linked source per attempt: light attempts with a timeout all come through here.
                return await run.WaitAsync(wait, time);
            }
            catch (TimeoutException)
            {
                // The deadline passed (the attempt's own errors never throw): look again, a heartbeat may have moved it.
            }
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
        if (heavy)
        {
            Interlocked.Increment(ref _abandonedHeavy);
        }
        else
        {
            limits.LightScheduler?.Abandon(); // the unit's next attempts must not queue behind it
        }

        _ = run.ContinueWith(
            _ =>
            {
                Interlocked.Decrement(ref _abandoned);
                if (heavy)
                {
                    Interlocked.Decrement(ref _abandonedHeavy);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        LogAbandoned(logger, call.ChordId, call.Index, call.Attempt, expired.Type, abandoned);
        metrics.AttemptTimedOut(call.Handler, expired.Type);
        return new AttemptResult(null, expired);
    }

    /// <summary>The earlier of the attempt's deadlines, with the error it fails with when it passes.</summary>
    private static (DateTimeOffset Deadline, TaskError Error) NextDeadline(DateTimeOffset startedAt, HandlerCall call, AttemptLimits limits)
    {
        var deadline = DateTimeOffset.MaxValue;
        TaskError? error = null;
        if (limits.Timeout is { } timeout)
        {
            deadline = startedAt + timeout;
            var option = call.Index < 0 ? "bodyTimeoutMs" : "taskTimeoutMs";
            error = new TaskError(ErrorTypes.Timeout, $"The attempt ran longer than its {timeout.TotalMilliseconds:N0} ms ({option}); it was cancelled and abandoned.", call.Attempt);
        }

        if (limits.HeartbeatTimeout is { } silence)
        {
            var lastSign = limits.Heartbeats?.LastBeatOf(call.Index, call.Attempt) is { } beat && beat > startedAt ? beat : startedAt;
            if (lastSign + silence < deadline)
            {
                deadline = lastSign + silence;
                error = new TaskError(ErrorTypes.HeartbeatTimeout, $"The handler sent no heartbeat for {silence.TotalMilliseconds:N0} ms (heartbeatTimeoutMs); it was cancelled and abandoned.", call.Attempt);
            }
        }

        return (deadline, error!);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chord {ChordId}: task {Index} could not reach this silo's heavy worker (try {Tries}); its handler did not start, so it is sent again shortly.")]
    private static partial void LogWorkerUnreachable(ILogger logger, Exception exception, string chordId, int index, int tries);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chord {ChordId}: task {Index} attempt {Attempt} was abandoned ({ErrorType}); {Abandoned} abandoned handler(s) still run on this silo.")]
    private static partial void LogAbandoned(ILogger logger, string chordId, int index, int attempt, string errorType, int abandoned);
}
