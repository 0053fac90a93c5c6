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
/// the handlers that really run (the throttle is there for memory).
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
    private int _abandoned;

    /// <summary>Handlers on this silo whose attempt timed out and that still run.</summary>
    public int Abandoned => Volatile.Read(ref _abandoned);

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

            using var light = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var lightStart = Stopwatch.GetTimestamp();
            return Measured(call, lightStart, await WithinAsync(invoker.InvokeAsync(call, light.Token, limits.Heartbeats), light, call, limits));
        }

        HeavyLane.Permit permit;
        try
        {
            permit = await lane.AcquireAsync(call.ChordId, limits.Priority, cancellationToken);
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
        return Measured(call, heavyStart, await WithinAsync(run, attempt, call, limits));
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
    private async Task<AttemptResult> WithinAsync(Task<AttemptResult> run, CancellationTokenSource attempt, HandlerCall call, AttemptLimits limits)
    {
        if ((limits.Timeout is null && limits.HeartbeatTimeout is null) || run.IsCompleted)
        {
            return await run;
        }

        var startedAt = time.GetUtcNow();
        using var timerStop = new CancellationTokenSource();
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

            if (await Task.WhenAny(run, Task.Delay(wait, time, timerStop.Token)) == run)
            {
                await timerStop.CancelAsync();
                return await run;
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
        _ = run.ContinueWith(_ => Interlocked.Decrement(ref _abandoned), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
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
            error = new TaskError(ErrorTypes.Timeout, $"The attempt ran longer than its {timeout.TotalMilliseconds:N0} ms (taskTimeoutMs); it was cancelled and abandoned.", call.Attempt);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chord {ChordId}: task {Index} attempt {Attempt} was abandoned ({ErrorType}); {Abandoned} abandoned handler(s) still run on this silo.")]
    private static partial void LogAbandoned(ILogger logger, string chordId, int index, int attempt, string errorType, int abandoned);
}
