using System.Diagnostics;
using Chord.Grains.Lanes;
using Chord.Grains.Storage;
using Chord.Grains.Telemetry;

namespace Chord.Grains.Tasks;

/// <summary>A unit's run: plan it by the ledger, run its tasks' attempts in their lanes, record and report them.</summary>
internal sealed partial class TaskGrain
{
    /// <summary>How long changes of a unit's activity are gathered into one message to its chord.</summary>
    private static readonly TimeSpan ActivityGathering = TimeSpan.FromMilliseconds(5);

    private async Task RunAsync(UnitSpec spec)
    {
        _spec = spec;
        // Light handlers run synchronously until they await, if ever: the first of them must not run inside the call
        // that starts the unit, or that call (and the chord's turn that sends it) lasts as long as the unit's work.
        await Task.Yield();
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["ChordId"] = spec.ChordId });
        using var span = ChordTracing.Start("chord.unit", spec.ChordId, spec.TraceParent);
        span?.SetTag("chord.unit", spec.UnitIndex);
        span?.SetTag("chord.silo", RuntimeIdentity);
        span?.SetTag("chord.redrive", spec.Generation);
        try
        {
            await ReportAsync(spec, await RunAndRecordAsync(spec));
        }
        catch (OperationCanceledException) when (_run.Stopping.IsCancellationRequested)
        {
            // Deactivating: the chord re-sends the unit to a new activation.
        }
        catch (StorageUnreachableException unreachable) when (!_run.Stopping.IsCancellationRequested)
        {
            // This silo cannot record the run: its handlers stop, and the unit is handed back on its way out, to be
            // placed again where storage answers (this silo reports itself failing meanwhile). Nothing it ran was recorded.
            LogStorageUnreachable(logger, unreachable, IdentityString);
            await _run.CancelNowAsync();
            _handBack = spec;
            DeactivateOnIdle();
        }
        catch (Exception exception) when (!_run.Stopping.IsCancellationRequested)
        {
            // The chord's probe re-sends the unit; nothing is lost by giving up this activation's run.
            LogRunFailed(logger, exception, IdentityString);
        }
    }

    /// <summary>
    /// Runs what the ledger says and records it. Heavy tasks start at once and wait for their own permits, so they
    /// never hold a light one while they queue; light tasks run while the unit holds one of its silo's light permits.
    /// A redrive loads the unit's old records under a light permit (so a silo holds at most
    /// <see cref="ChordEngineOptions.LightConcurrency"/> units' old records at once) and keeps only what the run needs
    /// of them, reading kept results again when it records. Records of more than a page, or with kept results, are
    /// written under a light permit too; small ones after giving it back (the write waits on storage, not on a core).
    /// </summary>
    private async Task<UnitReport> RunAndRecordAsync(UnitSpec spec)
    {
        _recording = false;
        _marked.Clear();
        _abandoned.Clear();
        IDisposable? permit = null;
        try
        {
            Dictionary<int, TaskRecord>? earlier = null;
            if (Records.FirstPage is not null)
            {
                permit = await lightLane.AcquireAsync(_run.Stopping.Token);
                earlier = (await Records.ReadAllAsync()).ToDictionary(record => record.Index, record => record with { Result = null });
            }

            var plans = UnitLedger.Plan(spec, Stored.State, earlier, position => PolicyOf(spec, position).MaxAttempts);
            var runs = new Task<TaskRecord>[plans.Length];
            var kept = earlier is null ? null : new bool[plans.Length];
            var light = new List<int>();
            var limits = new AttemptLimits
            {
                Timeout = spec.TaskTimeout,
                HeartbeatTimeout = spec.HeartbeatTimeout,
                Priority = spec.Priority,
                Key = spec.Key,
                KeyLimit = spec.KeyLimit,
                Heartbeats = _heartbeats,
                LightScheduler = spec.TaskTimeout is null && spec.HeartbeatTimeout is null ? null : new LightScheduler(),
            };
            _tracker.Begin([.. spec.Tasks.Select(task => task.Index)]);
            var takenIn = time.GetUtcNow();
            for (var position = 0; position < plans.Length; position++)
            {
                var plan = plans[position];
                switch (plan.Kind)
                {
                    case TaskPlanKind.Keep:
                        kept![position] = true;
                        runs[position] = Task.FromResult(plan.Before!);
                        break;
                    case TaskPlanKind.Lost:
                        var lost = new TaskError(ErrorTypes.WorkerLost, $"The silo running this task stopped during each of its {plan.LostRuns} attempt(s).", plan.LastAttempt);
                        runs[position] = Task.FromResult(Final(spec, position, TaskOutcome.Failed, plan.LastAttempt, plan.Before, error: lost));
                        break;
                    default:
                        _tracker.Queue(position, takenIn);
                        if (runner.IsLight(spec.Tasks[position].Handler))
                        {
                            light.Add(position);
                        }
                        else
                        {
                            runs[position] = RunTaskAsync(spec, position, plan, limits);
                        }

                        break;
                }
            }

            if (kept is not null && kept.All(k => k))
            {
                // A redrive with nothing to run here (only the body runs again): nothing new to record or report.
                return new UnitReport(spec.UnitIndex, 0, 0, 0, null, null, null, spec.Generation);
            }

            TellActivity(spec);
            if (light.Count > 0)
            {
                permit ??= await lightLane.AcquireAsync(_run.Stopping.Token);
                foreach (var position in light)
                {
                    runs[position] = RunTaskAsync(spec, position, plans[position], limits);
                }

                await Task.WhenAll(light.Select(position => runs[position]));
            }

            if (!runs.All(run => run.IsCompleted))
            {
                Release(ref permit); // heavy tasks still wait for their permits: no light one is held meanwhile
            }

            var records = await Task.WhenAll(runs);
            var restore = kept is not null && kept.Any(k => k);
            if (restore || UnitPages.Weigh(records) > UnitPages.MaxBytes)
            {
                permit ??= await lightLane.AcquireAsync(_run.Stopping.Token);
            }
            else
            {
                Release(ref permit);
            }

            if (restore)
            {
                var full = (await Records.ReadAllAsync()).ToDictionary(record => record.Index);
                for (var position = 0; position < records.Length; position++)
                {
                    records[position] = kept![position] ? full[records[position].Index] : records[position];
                }
            }

            return await RecordAsync(spec, records, kept);
        }
        finally
        {
            permit?.Dispose();
        }
    }

    private static void Release(ref IDisposable? permit)
    {
        permit?.Dispose();
        permit = null;
    }

    /// <summary>Runs the attempts the ledger planned for the task at <paramref name="position"/>, with the backoff of its policy between them.</summary>
    private async Task<TaskRecord> RunTaskAsync(UnitSpec spec, int position, TaskPlan plan, AttemptLimits unitLimits)
    {
        var unitSpan = Activity.Current;
        var task = spec.Tasks[position];
        var limits = unitLimits with { BeforeStart = () => HandlerStartingAsync(spec, position) };
        var retry = PolicyOf(spec, position);
        if (plan.Before is { Heartbeat: { } value, HeartbeatAt: { } at } && _heartbeats.Latest(task.Index).At is null)
        {
            _heartbeats.Seed(task.Index, value, at);
        }

        for (var attempt = plan.FirstAttempt; ; attempt++)
        {
            if (_run.Cancellation.IsCancellationRequested)
            {
                return Cancelled(spec, position, attempt - 1, plan.Before);
            }

            var call = new HandlerCall
            {
                ChordId = spec.ChordId,
                Handler = task.Handler,
                Index = task.Index,
                Attempt = attempt,
                Args = task.Args,
                LastHeartbeat = _heartbeats.Latest(task.Index).Value,
            };
            _heartbeats.Begin(task.Index, attempt);
            AttemptResult outcome;
            using (var attemptSpan = ChordTracing.StartChild("chord.attempt", spec.ChordId, unitSpan))
            {
                attemptSpan?.SetTag("task.index", task.Index);
                attemptSpan?.SetTag("task.handler", task.Handler);
                attemptSpan?.SetTag("task.attempt", attempt);
                outcome = await runner.RunAsync(call, _run.Cancellation, limits);
                if (outcome.Error is { } error)
                {
                    ChordTracing.Failed(attemptSpan, error);
                    if (error.Type is ErrorTypes.Timeout or ErrorTypes.HeartbeatTimeout)
                    {
                        _abandoned.Add(position);
                    }
                }
            }

            if (outcome.Succeeded)
            {
                return Final(spec, position, TaskOutcome.Succeeded, attempt, plan.Before, result: outcome.Result);
            }

            if (outcome.Cancelled)
            {
                return Cancelled(spec, position, attempt, plan.Before);
            }

            if (attempt >= plan.LastAttempt || outcome.Permanent)
            {
                return Final(spec, position, TaskOutcome.Failed, attempt, plan.Before, error: outcome.Error! with { Attempts = attempt });
            }

            metrics.TaskRetried(task.Handler, outcome.Error!.Type);
            try
            {
                await Task.Delay(retry.WaitAfter(attempt - (plan.Before?.Attempts ?? 0)), time, _run.Cancellation);
            }
            catch (OperationCanceledException)
            {
                return Cancelled(spec, position, attempt, plan.Before);
            }
        }
    }

    /// <summary>
    /// Runs before each attempt's handler, once it has its permit: the first time in this run, the task is marked as
    /// started in the unit's state, written before its handler starts (marks of tasks starting together share one
    /// write), so a run lost from now on charges it an attempt; it counts as running from then on.
    /// </summary>
    private async Task HandlerStartingAsync(UnitSpec spec, int position)
    {
        // Stopping: no handler starts any more, so no mark is written (one written now could not be taken back).
        _run.Stopping.Token.ThrowIfCancellationRequested();
        if (UnitLedger.Start(Stored.State, spec.Generation, position, spec.Tasks.Length, _marked))
        {
            await UntilWrittenAsync(Writes.CommitAsync, _run.Stopping.Token);
            _run.Stopping.Token.ThrowIfCancellationRequested();
        }

        if (_tracker.Start(position, time.GetUtcNow()))
        {
            TellActivity(spec);
        }
    }

    /// <summary>
    /// Tells the chord how many of this run's tasks are queued and running, once the changes of the next moments
    /// are in (a unit whose tasks all start together tells it once). One-way: a lost one is made good by the next.
    /// </summary>
    private void TellActivity(UnitSpec spec)
    {
        if (_activityDue)
        {
            return;
        }

        _activityDue = true;
        _ = TellActivityAsync(spec);
    }

    private async Task TellActivityAsync(UnitSpec spec)
    {
        try
        {
            // Real time, not the engine's clock: a pause to gather changes, not a time anything records.
            await Task.Delay(ActivityGathering, TimeProvider.System);
            _activityDue = false;
            if (!_recording && !_run.Stopping.IsCancellationRequested)
            {
                var heldBy = _tracker.Queued > 0 ? heavyLane.HoldingBack(spec.Key, spec.Tasks.Select(t => t.Handler).Distinct(StringComparer.Ordinal))?.ToString() : null;
                await GrainFactory.GetGrain<IUnitOwnerGrain>(spec.ChordId).OnUnitActivityAsync(new UnitActivity(spec.UnitIndex, spec.Generation, _tracker.Queued, _tracker.Running, heldBy));
            }
        }
        catch (Exception exception)
        {
            LogActivityLost(logger, exception, IdentityString);
        }
    }

    /// <summary>Stores the records (<see cref="UnitRecords.WriteAsync"/>) and returns the unit's report.</summary>
    private async Task<UnitReport> RecordAsync(UnitSpec spec, TaskRecord[] records, bool[]? kept)
    {
        // Stopping: the run was handed back (or its silo is going); its outcomes must not be recorded now.
        _run.Stopping.Token.ThrowIfCancellationRequested();
        _recording = true;
        var report = Summarize(spec, records, kept);
        await Records.WriteAsync(records, report, spec.Generation, write => UntilWrittenAsync(write, _recordingAbandoned.Token));
        for (var i = 0; i < records.Length; i++)
        {
            if (kept is null || !kept[i])
            {
                metrics.TaskRecorded(records[i].Handler, records[i].State is TaskOutcome.Succeeded, records[i].State is TaskOutcome.Cancelled, records[i].Error);
            }
        }

        return report;
    }

    /// <summary>The unit's report by the ledger, with the partial of a combining body (its succeeded results, leaving out those kept from an earlier drive).</summary>
    private UnitReport Summarize(UnitSpec spec, TaskRecord[] records, bool[]? kept)
    {
        string? partial = null;
        string? combinerError = null;
        if (spec.Combiner is { } body)
        {
            try
            {
                partial = combiners.Partial(body, records.Where((r, i) => r.State is TaskOutcome.Succeeded && !(kept is not null && kept[i])).Select(r => r.ToResult()));
            }
            catch (Exception exception)
            {
                // A user's combiner: its failure is reported (the chord fails), it must not keep the unit from reporting.
                LogCombinerFailed(logger, exception, IdentityString, body);
                combinerError = TaskError.Bounded($"{exception.GetType().Name}: {exception.Message}", TaskError.MaxMessageLength);
            }
        }

        return UnitLedger.Report(spec, records, kept, partial, combinerError);
    }

    private RetryPolicy PolicyOf(UnitSpec spec, int position) =>
        RetryPolicy.Resolve(spec.Retry, spec.MaxAttempts, options.Value, catalog.Find(spec.Tasks[position].Handler));

    private TaskRecord Cancelled(UnitSpec spec, int position, int attempts, TaskRecord? before) =>
        Final(spec, position, TaskOutcome.Cancelled, attempts, before, error: new TaskError(ErrorTypes.Cancelled, "The task was cancelled.", attempts));

    /// <summary>A task's record: its times from this run (else from its earlier drive's record) and its latest heartbeat.</summary>
    private TaskRecord Final(UnitSpec spec, int position, TaskOutcome state, int attempts, TaskRecord? before, string? result = null, TaskError? error = null)
    {
        var task = spec.Tasks[position];
        var (heartbeat, heartbeatAt) = _heartbeats.Latest(task.Index);
        return new TaskRecord
        {
            Index = task.Index,
            Handler = task.Handler,
            State = state,
            Attempts = attempts,
            Result = result,
            Error = error,
            QueuedAt = _tracker.QueuedAt(position) ?? before?.QueuedAt,
            StartedAt = _tracker.StartedAt(position) ?? before?.StartedAt,
            FinishedAt = time.GetUtcNow(),
            Heartbeat = heartbeat,
            HeartbeatAt = heartbeatAt,
        };
    }
}
