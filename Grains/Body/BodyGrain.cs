using Chord.Grains.Storage;
using Chord.Grains.Handlers;
using Chord.Grains.Lanes;
using Chord.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chord.Grains.Body;

/// <summary>
/// Runs a chord's body once all its tasks succeeded: invokes the body handler in its lane (the handler streams its
/// input from the task grains, or gets a combiner's merged partial), records the outcome, and reports to the
/// chord. Each invocation is recorded before it starts; once an outcome is recorded, a new start only re-reports it.
/// Placed on a random healthy silo (<see cref="Placement.HealthySiloPlacement"/>): the default placement put nearly
/// every body beside its chord, so the bodies of many chords (a heavy one such as stitch-poster) crowded the silos
/// that host chords; and a body must not land where storage writes fail.
/// </summary>
[Placement.HealthySiloPlacement]
internal sealed partial class BodyGrain(
    [PersistentState("body", StorageNames.Results)] IPersistentState<BodyState> body,
    LaneRunner runner,
    HandlerCatalog catalog,
    ChordMetrics metrics,
    IOptions<ChordEngineOptions> options,
    [FromKeyedServices(EngineClock.Key)] TimeProvider time,
    ILogger<BodyGrain> logger) : Grain, IBodyGrain
{
    private readonly BackgroundRun _run = new();
    private bool _attemptRunning;

    public Task StartAsync(BodyInvocation invocation)
    {
        if (_run.IsRunning)
        {
            return Task.CompletedTask;
        }

        DelayDeactivation(TimeSpan.FromDays(1));
        if (invocation.Generation > body.State.Generation)
        {
            // The chord was redriven: the body runs again, its attempts going on counting (written with the first).
            body.State.Generation = invocation.Generation;
            body.State.Status = BodyStatus.Pending;
            body.State.FailedAttempts = 0;
            body.State.Result = null;
            body.State.Error = null;
        }

        _run.TryStart(invocation.Generation, () => body.State.IsFinal ? ReportAsync(invocation.ChordId) : RunAsync(invocation));
        return Task.CompletedTask;
    }

    public Task CancelAsync() => CancelRunAsync(int.MaxValue);

    public Task CancelRunAsync(int generation)
    {
        _run.Cancel(generation);
        return Task.CompletedTask;
    }

    public async Task PurgeAsync()
    {
        await body.ClearStateAsync();
        DeactivateOnIdle();
    }

    /// <summary>
    /// A clean stop (its silo shutting down) during an attempt hands the attempt back: the handler is cancelled and
    /// its outcome not recorded, and the attempt is recorded as waiting to run again rather than started, so the next
    /// activation does not count it as lost (<c>WorkerLost</c>), as it would after a crash.
    /// </summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _run.Stopping.Cancel();
        if (!_attemptRunning)
        {
            return;
        }

        await _run.CancelNowAsync();
        try
        {
            body.State.Status = BodyStatus.Retry;
            metrics.StorageWrite("body");
            await body.WriteOwnedStateAsync().WaitAsync(cancellationToken);
        }
        catch (Exception exception)
        {
            LogHandBackFailed(logger, exception, this.GetPrimaryKeyString());
        }
    }

    private async Task RunAsync(BodyInvocation invocation)
    {
        try
        {
            if (body.State.Status is BodyStatus.Started)
            {
                await CountInterruptedAttemptAsync(invocation);
            }

            while (!body.State.IsFinal)
            {
                await RunAttemptAsync(invocation);
            }

            await ReportAsync(invocation.ChordId);
        }
        catch (OperationCanceledException) when (_run.Stopping.IsCancellationRequested)
        {
            // Deactivating: the chord's probe starts the body again on a new activation.
        }
        catch (Exception exception) when (!_run.Stopping.IsCancellationRequested)
        {
            LogRunFailed(logger, exception, invocation.ChordId);
        }
    }

    /// <summary>
    /// An attempt recorded as started and never finished was interrupted (its silo stopped): it counts as failed with
    /// <c>WorkerLost</c>, so a body that crashes its silo every time ends failed instead of moving on forever.
    /// </summary>
    private async Task CountInterruptedAttemptAsync(BodyInvocation invocation)
    {
        body.State.FailedAttempts++;
        body.State.Error = new TaskError(ErrorTypes.WorkerLost, "The silo running the body stopped during this attempt.", body.State.Attempts);
        body.State.Status = body.State.FailedAttempts >= RetryOf(invocation).MaxAttempts ? BodyStatus.Failure : BodyStatus.Retry;
        await WriteAsync();
        await NotifyAsync(invocation.ChordId);
    }

    private async Task RunAttemptAsync(BodyInvocation invocation)
    {
        body.State.Attempts++;
        body.State.Status = BodyStatus.Started;
        body.State.Error = null; // the previous attempt's error is history; this attempt has none yet
        await WriteAsync();
        await NotifyAsync(invocation.ChordId);

        var call = new HandlerCall
        {
            ChordId = invocation.ChordId,
            Handler = invocation.Body.Handler,
            Index = -1,
            Attempt = body.State.Attempts,
            Args = invocation.Body.Args,
            Input = invocation.Input,
        };
        AttemptResult outcome;
        _attemptRunning = true;
        using var span = ChordTracing.Start("chord.body", invocation.ChordId, invocation.TraceParent);
        span?.SetTag("body.handler", invocation.Body.Handler);
        span?.SetTag("body.attempt", body.State.Attempts);
        try
        {
            outcome = _run.Cancellation.IsCancellationRequested
                ? new AttemptResult(null, new TaskError(ErrorTypes.Cancelled, "The chord was cancelled.", body.State.Attempts), Cancelled: true)
                : await runner.RunAsync(call, _run.Cancellation, invocation.Timeout is { } timeout ? new AttemptLimits { Timeout = timeout } : null);
        }
        finally
        {
            _attemptRunning = false;
        }

        if (outcome.Error is { } error)
        {
            ChordTracing.Failed(span, error);
        }

        // Stopping: the attempt was handed back, so its outcome (cancelled by the hand-back) is not recorded.
        _run.Stopping.Token.ThrowIfCancellationRequested();

        if (outcome.Succeeded)
        {
            body.State.Status = BodyStatus.Success;
            body.State.Result = outcome.Result;
            body.State.Error = null;
        }
        else
        {
            body.State.FailedAttempts++;
            body.State.Error = outcome.Error! with { Attempts = body.State.Attempts };
            body.State.Status = outcome.Cancelled || outcome.Permanent || body.State.FailedAttempts >= RetryOf(invocation).MaxAttempts ? BodyStatus.Failure : BodyStatus.Retry;
        }

        await WriteAsync();
        if (body.State.Status is BodyStatus.Retry)
        {
            await NotifyAsync(invocation.ChordId);
            await WaitToRetryAsync(RetryOf(invocation));
        }
    }

    /// <summary>The chord's body retry, with what the chord left unset taken from the handler's declared defaults.</summary>
    private RetryPolicy RetryOf(BodyInvocation invocation) =>
        RetryPolicy.Resolve(invocation.Retry, invocation.MaxAttempts, options.Value, catalog.Find(invocation.Body.Handler));

    /// <summary>Waits out the backoff before the next attempt; a cancel ends the wait (the next attempt then records it).</summary>
    private async Task WaitToRetryAsync(RetryPolicy retry)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(_run.Cancellation, _run.Stopping.Token);
        try
        {
            await Task.Delay(retry.WaitAfter(body.State.FailedAttempts), time, either.Token);
        }
        catch (OperationCanceledException) when (_run.Cancellation.IsCancellationRequested && !_run.Stopping.IsCancellationRequested)
        {
        }
    }

    private Task WriteAsync() =>
        Retry.UntilDoneAsync(WriteBodyAsync, (e, n) => LogWriteFailed(logger, e, this.GetPrimaryKeyString(), n), _run.Stopping.Token);

    private Task WriteBodyAsync()
    {
        metrics.StorageWrite("body");
        return body.WriteOwnedStateAsync();
    }

    private Task NotifyAsync(string chordId)
    {
        var report = new BodyReport(body.State.Status, body.State.Attempts, body.State.Result, body.State.Error, body.State.Generation);
        var chord = GrainFactory.GetGrain<IBodyOwnerGrain>(chordId);
        return Retry.UntilDoneAsync(() => chord.OnBodyChangedAsync(report), (e, n) => LogReportFailed(logger, e, chordId, n), _run.Stopping.Token);
    }

    private async Task ReportAsync(string chordId)
    {
        await NotifyAsync(chordId);
        DeactivateOnIdle();
    }
}
