using System.Diagnostics;
using Chord.Grains.Storage;
using Chord.Grains.Handlers;
using Chord.Grains.Lanes;
using Chord.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;

namespace Chord.Grains.Tasks;

/// <summary>
/// One unit of a chord's tasks. <see cref="StartAsync"/> only starts the work; the work runs as a background
/// task of this activation, records every task's outcome in one write (in pages when they weigh more), then reports to the chord until the
/// report is acknowledged, and the grain deactivates. A unit that already finished re-reports its record
/// instead of running again, so a re-dispatch after a lost report never re-runs finished work; after a redrive it
/// runs again the tasks that did not succeed. Each run is recorded before its first handler starts, so a run lost
/// with its silo counts as an attempt (<see cref="ErrorTypes.WorkerLost"/> once they are all used up).
/// Placed on the silo whose lanes hold the least work for their size (<see cref="Placement.LeastLoadedPlacement"/>), so
/// no silo idles while another has a queue and a silo that joins takes work at once. (Orleans' placement by activation
/// count needs statistics that a new silo has not published yet: on a fresh 3-silo cluster it kept every unit on one
/// silo for over 20 s; random placement left queues on some silos while others idled.)
/// </summary>
[Placement.LeastLoadedPlacement]
internal sealed partial class TaskGrain(
    [PersistentState("unit", StorageNames.Results)] IPersistentState<UnitState> unit,
    LaneRunner runner,
    LightLane lightLane,
    BodyCombiners combiners,
    RecordPacker packer,
    HandlerCatalog catalog,
    ChordMetrics metrics,
    ISiloStatusOracle membership,
    IOptions<ChordEngineOptions> options,
    [FromKeyedServices(EngineClock.Key)] TimeProvider time,
    ILogger<TaskGrain> logger) : Grain, ITaskGrain
{
    // _cancel is the user's cancel and reaches handlers; _stopping ends this activation's retry loops only,
    // so a shutdown never records running tasks as cancelled (the chord re-sends them instead).
    private readonly CancellationTokenSource _stopping = new();
    private CancellationTokenSource _cancel = new();
    private int _cancelledGeneration = -1;
    private readonly UnitHeartbeats _heartbeats = new(time);
    private Task? _work;
    private Task? _runStarted;
    private UnitSpec? _spec;
    private UnitSpec? _handBack;
    private bool _recording;
    private bool _abandonedInRun;
    private TaskRecord[]? _firstPage;



    /// <summary>The recorded records (their first page in a unit stored in pages); null until the unit finished.</summary>
    private TaskRecord[]? FirstPage => _firstPage ??= packer.Load(unit.State.Packed, unit.State.Records);

    public Task StartAsync(UnitSpec spec)
    {
        if (_work is { IsCompleted: false })
        {
            return Task.CompletedTask;
        }

        // Work may wait in the heavy lane longer than the idle-collection age; it must not be collected meanwhile.
        DelayDeactivation(TimeSpan.FromDays(1));
        if (_cancel.IsCancellationRequested && _cancelledGeneration < spec.Generation)
        {
            // A cancel of an earlier drive (it can reach an activation after its unit reported): not this one's.
            _cancel = new CancellationTokenSource();
        }

        _work = FirstPage is { } records && unit.State.Generation >= spec.Generation
            ? ReportAsync(spec, unit.State.Report ?? Summarize(spec, records, kept: null))
            : membership.CurrentStatus is SiloStatus.Active ? RunAsync(spec) : HandBackUnstarted(spec);
        return Task.CompletedTask;
    }

    public Task CancelAsync() => CancelRunAsync(int.MaxValue);

    public Task CancelRunAsync(int generation)
    {
        _cancelledGeneration = Math.Max(_cancelledGeneration, generation);
        _cancel.Cancel();
        return Task.CompletedTask;
    }

    public Task<HeartbeatEntry[]> ReadHeartbeatsAsync() =>
        Task.FromResult<HeartbeatEntry[]>([.. _heartbeats.All().Select(beat => new HeartbeatEntry(beat.Index, beat.Value, beat.At))]);

    public async Task<TaskRecord[]> ReadRecordsAsync(int skip, int maxBytes)
    {
        var first = FirstPage ?? [];
        if (unit.State.PageStarts is not { Length: > 0 } starts || skip < first.Length)
        {
            var page = UnitPages.Slice(first, skip, maxBytes);
            if (unit.State.PageStarts is null && Math.Max(skip, 0) + page.Length >= first.Length)
            {
                DeactivateIfIdle();
            }

            return page;
        }

        var last = Array.FindLastIndex(starts, start => start <= skip);
        var records = await PageOf(unit.State.Generation, last + 1).ReadAsync(skip - starts[last], maxBytes);
        if (records.Length == 0 || (last == starts.Length - 1 && skip + records.Length >= RecordCount))
        {
            DeactivateIfIdle();
        }

        return records;
    }

    public async Task PurgeAsync()
    {
        // Every redrive writes its own pages (a lost write must not overwrite the pages a later run reads back).
        var pages = Math.Max(unit.State.PagesPlanned, unit.State.PageStarts?.Length ?? 0);
        for (var generation = 0; generation <= Math.Max(unit.State.Generation, unit.State.RunsGeneration); generation++)
        {
            var of = generation;
            await ForEachPageAsync(pages, page => PageOf(of, page).PurgeAsync());
        }

        await unit.ClearStateAsync();
        _firstPage = null;
        DeactivateOnIdle();
    }

    /// <summary>
    /// Placed on this silo while it stops (placement had not heard yet): nothing is started; the activation goes,
    /// and tells the chord on its way out (<see cref="OnDeactivateAsync"/>), so the chord's send reaches a new one.
    /// </summary>
    private Task HandBackUnstarted(UnitSpec spec)
    {
        _handBack = spec;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    /// <summary>Tells the chord to send an unstarted unit again, once the other silos have heard this one leaves (a report interval or two).</summary>
    private async Task HandBackAsync(UnitSpec spec, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(options.Value.LoadReportInterval * 2, cancellationToken);
            await GrainFactory.GetGrain<IUnitOwnerGrain>(spec.ChordId).OnUnitHandedBackAsync(spec.UnitIndex, spec.Generation).WaitAsync(cancellationToken);
            LogHandedBack(logger, IdentityString);
        }
        catch (Exception exception)
        {
            LogHandBackFailed(logger, exception, IdentityString);
        }
    }

    /// <summary>A finished unit read by a body or a listing does not stay in memory for it.</summary>
    private void DeactivateIfIdle()
    {
        if (_work is null or { IsCompleted: true })
        {
            DeactivateOnIdle();
        }
    }

    /// <summary>
    /// A clean stop (its silo shutting down) while the unit runs hands the run back: its handlers are cancelled and
    /// their outcomes not recorded, the run is taken off <see cref="UnitState.RunsStarted"/> (a deliberate stop is
    /// not a lost attempt), and the chord is told to send the unit again at once, to a silo that stays. A silo that
    /// dies never gets here: then the run counts.
    /// </summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        if (_handBack is { } unstarted)
        {
            await HandBackAsync(unstarted, cancellationToken);
            return;
        }

        if (_work is not { IsCompleted: false } || _recording || _spec is not { } spec)
        {
            return;
        }

        await _cancel.CancelAsync();
        try
        {
            if (_runStarted is { } started)
            {
                // A run-start write under way lands first (no new one starts once stopping), then it is taken back.
                await started.WaitAsync(cancellationToken).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Current);
            }

            // A run with an abandoned attempt keeps counting: that attempt really failed (and a wedged silo's recycle must
            // not run a handler that hangs for ever again and again for free).
            if (_runStarted is { IsCompletedSuccessfully: true } && !_abandonedInRun && unit.State.RunsGeneration == spec.Generation && unit.State.RunsStarted > 0)
            {
                unit.State.RunsStarted--;
                await WriteUnitAsync().WaitAsync(cancellationToken);
            }

        }
        catch (Exception exception)
        {
            // The chord's probe sends the unit again all the same; the run may count as an attempt.
            LogHandBackFailed(logger, exception, IdentityString);
        }

        await HandBackAsync(spec, cancellationToken);
    }

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
            var earlier = FirstPage is null ? null : await ReadAllRecordsAsync(); // recorded by an earlier drive
            var report = await RunAndRecordAsync(spec, earlier);
            await ReportAsync(spec, report);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Deactivating: the chord re-sends the unit to a new activation.
        }
        catch (Exception exception) when (!_stopping.IsCancellationRequested)
        {
            // The chord's probe re-sends the unit; nothing is lost by giving up this activation's run.
            LogRunFailed(logger, exception, IdentityString);
        }
    }

    /// <summary>
    /// Runs the unit's tasks (after a redrive, those that did not succeed before; the others keep their records) and
    /// records them. Its heavy tasks start at once and wait for their own permits, so they never hold a light one
    /// while they queue. Its light tasks run while the unit holds one of its silo's light permits. A unit of small
    /// results gives the permit back before it records them (the write waits on storage, not on a core); a unit of
    /// large ones (more than a page) records them first, so a silo holds at most
    /// <see cref="ChordEngineOptions.LightConcurrency"/> units of large results in memory.
    /// </summary>
    private async Task<UnitReport> RunAndRecordAsync(UnitSpec spec, TaskRecord[]? earlier)
    {
        _runStarted = null;
        _recording = false;
        _abandonedInRun = false;
        var lostRuns = unit.State.RunsGeneration == spec.Generation ? unit.State.RunsStarted : 0;
        var limits = new AttemptLimits
        {
            Timeout = spec.TaskTimeout,
            HeartbeatTimeout = spec.HeartbeatTimeout,
            Priority = spec.Priority,
            BeforeStart = () => _runStarted ??= RecordRunStartedAsync(spec),
            Heartbeats = _heartbeats,
            LightScheduler = spec.TaskTimeout is null && spec.HeartbeatTimeout is null ? null : new LightScheduler(),
        };
        var runs = new Task<TaskRecord>[spec.Tasks.Length];
        var kept = earlier is null ? null : new bool[runs.Length];
        var light = new List<int>();
        var byIndex = earlier?.ToDictionary(record => record.Index);
        TaskRecord? Before(int i) => byIndex?.GetValueOrDefault(spec.Tasks[i].Index);
        for (var i = 0; i < runs.Length; i++)
        {
            var before = Before(i);
            if (before is { State: TaskOutcome.Succeeded })
            {
                kept![i] = true;
                runs[i] = Task.FromResult(before);
            }
            else if (runner.IsLight(spec.Tasks[i].Handler))
            {
                light.Add(i);
            }
            else
            {
                runs[i] = RunTaskAsync(spec, spec.Tasks[i], before, lostRuns, limits);
            }
        }

        if (kept is not null && kept.All(k => k))
        {
            // A redrive with nothing to run here (only the body runs again): nothing new to record or report.
            return new UnitReport(spec.UnitIndex, 0, 0, 0, null, null, null, spec.Generation);
        }

        if (light.Count > 0)
        {
            using var permit = await lightLane.AcquireAsync(_stopping.Token);
            foreach (var i in light)
            {
                runs[i] = RunTaskAsync(spec, spec.Tasks[i], Before(i), lostRuns, limits);
            }

            await Task.WhenAll(light.Select(i => runs[i]));
            if (runs.All(run => run.IsCompleted) && UnitPages.Weigh(runs.Select(run => run.Result)) > UnitPages.MaxBytes)
            {
                return await RecordAsync(spec, await Task.WhenAll(runs), kept);
            }
        }

        return await RecordAsync(spec, await Task.WhenAll(runs), kept);
    }

    /// <summary>
    /// Runs one task's attempts. They go on counting from its earlier drive's (<paramref name="before"/>) and from
    /// the runs of this unit that were lost (<paramref name="lostRuns"/>: each counts as an attempt); the policy's
    /// attempts are what this drive may use, so a task whose attempts were all lost fails with <c>WorkerLost</c>.
    /// </summary>
    private async Task<TaskRecord> RunTaskAsync(UnitSpec spec, TaskItem task, TaskRecord? before, int lostRuns, AttemptLimits limits)
    {
        var unitSpan = Activity.Current;
        var retry = (spec.Retry ?? RetryPolicy.Legacy(spec.MaxAttempts, options.Value)).For(catalog.Find(task.Handler));
        var earlierAttempts = before?.Attempts ?? 0;
        var startedAt = before?.StartedAt ?? time.GetUtcNow();
        if (before is { Heartbeat: { } value, HeartbeatAt: { } at } && _heartbeats.Latest(task.Index).At is null)
        {
            _heartbeats.Seed(task.Index, value, at);
        }

        if (lostRuns >= retry.MaxAttempts)
        {
            var lost = new TaskError(ErrorTypes.WorkerLost, $"The silo running this task stopped during each of its {lostRuns} attempt(s).", earlierAttempts + lostRuns);
            return Final(task, TaskOutcome.Failed, earlierAttempts + lostRuns, startedAt, error: lost);
        }

        for (var attempt = earlierAttempts + lostRuns + 1; ; attempt++)
        {
            if (_cancel.IsCancellationRequested)
            {
                return Cancelled(task, attempt - 1, startedAt);
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
                outcome = await runner.RunAsync(call, _cancel.Token, limits);
                if (outcome.Error is { } error)
                {
                    ChordTracing.Failed(attemptSpan, error);
                    _abandonedInRun |= error.Type is ErrorTypes.Timeout or ErrorTypes.HeartbeatTimeout;
                }
            }

            if (outcome.Succeeded)
            {
                return Final(task, TaskOutcome.Succeeded, attempt, startedAt, result: outcome.Result);
            }

            if (outcome.Cancelled)
            {
                return Cancelled(task, attempt, startedAt);
            }

            var tries = attempt - earlierAttempts;
            if (tries >= retry.MaxAttempts || outcome.Permanent)
            {
                return Final(task, TaskOutcome.Failed, attempt, startedAt, error: outcome.Error! with { Attempts = attempt });
            }

            metrics.TaskRetried(task.Handler, outcome.Error!.Type);
            try
            {
                await Task.Delay(retry.WaitAfter(tries), time, _cancel.Token);
            }
            catch (OperationCanceledException)
            {
                return Cancelled(task, attempt, startedAt);
            }
        }
    }

    /// <summary>
    /// Records durably that a run of this unit starts a handler, before the first does: if the silo dies before the
    /// unit's records are written, the next run counts this one as an attempt of every task it had not recorded.
    /// </summary>
    private async Task RecordRunStartedAsync(UnitSpec spec)
    {
        // Stopping: no handler starts any more, so no run is recorded (one recorded now could not be handed back).
        _stopping.Token.ThrowIfCancellationRequested();
        if (unit.State.RunsGeneration != spec.Generation)
        {
            unit.State.RunsGeneration = spec.Generation;
            unit.State.RunsStarted = 0;
        }

        unit.State.RunsStarted++;
        await Retry.UntilDoneAsync(WriteUnitAsync, (e, n) => LogWriteFailed(logger, e, IdentityString, n), _stopping.Token);
    }

    private TaskRecord Cancelled(TaskItem task, int attempts, DateTimeOffset startedAt) =>
        Final(task, TaskOutcome.Cancelled, attempts, attempts > 0 ? startedAt : null, error: new TaskError(ErrorTypes.Cancelled, "The task was cancelled.", attempts));

    private TaskRecord Final(TaskItem task, TaskOutcome state, int attempts, DateTimeOffset? startedAt, string? result = null, TaskError? error = null)
    {
        var (heartbeat, heartbeatAt) = _heartbeats.Latest(task.Index);
        return new TaskRecord
        {
            Index = task.Index,
            Handler = task.Handler,
            State = state,
            Attempts = attempts,
            Result = result,
            Error = error,
            StartedAt = startedAt,
            FinishedAt = time.GetUtcNow(),
            Heartbeat = heartbeat,
            HeartbeatAt = heartbeatAt,
        };
    }

    /// <summary>Every record of the unit, from its first page and its further ones.</summary>
    private async Task<TaskRecord[]> ReadAllRecordsAsync()
    {
        if (unit.State.PageStarts is not { Length: > 0 } starts)
        {
            return FirstPage!;
        }

        var all = new List<TaskRecord>(FirstPage!);
        for (var page = 1; page <= starts.Length; page++)
        {
            all.AddRange(await PageOf(unit.State.Generation, page).ReadAsync(0, int.MaxValue));
        }

        return [.. all];
    }

    /// <summary>
    /// Stores the records and returns the unit's report. Writes how many further pages there will be (when more than
    /// any run planned before), the pages after the first, then this unit's state with the first page and where the
    /// others start. Until that last write lands the unit counts as not run; running it again writes its pages again.
    /// </summary>
    private async Task<UnitReport> RecordAsync(UnitSpec spec, TaskRecord[] records, bool[]? kept)
    {
        // Stopping: the run was handed back (or its silo is going); its outcomes must not be recorded now.
        _stopping.Token.ThrowIfCancellationRequested();
        _recording = true;
        var report = Summarize(spec, records, kept);
        var pages = UnitPages.Split(records);
        var starts = new int[pages.Count - 1];
        for (int page = 0, start = 0; page < starts.Length; page++)
        {
            start += pages[page].Length;
            starts[page] = start;
        }

        if (starts.Length > unit.State.PagesPlanned)
        {
            unit.State.PagesPlanned = starts.Length;
            await Retry.UntilDoneAsync(WriteUnitAsync, (e, n) => LogWriteFailed(logger, e, IdentityString, n), _stopping.Token);
        }

        await ForEachPageAsync(starts.Length, page => Retry.UntilDoneAsync(
            () => PageOf(spec.Generation, page).WriteAsync(pages[page]), (e, n) => LogWriteFailed(logger, e, IdentityString, n), _stopping.Token));
        (unit.State.Packed, unit.State.Records) = packer.Store(pages[0]);
        unit.State.PageStarts = starts.Length > 0 ? starts : null;
        unit.State.Report = report;
        unit.State.Generation = spec.Generation;
        unit.State.RecordCount = records.Length;
        await Retry.UntilDoneAsync(WriteUnitAsync, (e, n) => LogWriteFailed(logger, e, IdentityString, n), _stopping.Token);
        for (var i = 0; i < records.Length; i++)
        {
            if (kept is null || !kept[i])
            {
                metrics.TaskRecorded(records[i].Handler, records[i].State is TaskOutcome.Succeeded, records[i].State is TaskOutcome.Cancelled, records[i].Error);
            }
        }

        _firstPage = pages[0];
        return report;
    }

    private Task WriteUnitAsync()
    {
        metrics.StorageWrite("unit");
        return unit.WriteOwnedStateAsync();
    }

    /// <summary>Runs <paramref name="action"/> on further pages 1 to <paramref name="pages"/>, a few at a time, so a unit of many pages does not load them all at once.</summary>
    private static async Task ForEachPageAsync(int pages, Func<int, Task> action)
    {
        const int AtOnce = 4;
        for (var first = 1; first <= pages; first += AtOnce)
        {
            await Task.WhenAll(Enumerable.Range(first, Math.Min(AtOnce, pages - first + 1)).Select(action));
        }
    }

    /// <summary>Page <paramref name="page"/> as written by redrive <paramref name="generation"/> (the first drive's keep the key they always had).</summary>
    private IUnitPageGrain PageOf(int generation, int page)
    {
        var key = string.Concat(this.GetPrimaryKeyString(), "/", page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return GrainFactory.GetGrain<IUnitPageGrain>(generation == 0 ? key : string.Concat(key, "/", generation.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>How many records the unit holds (from its report in units recorded before the count was kept).</summary>
    private int RecordCount => unit.State.RecordCount > 0 || unit.State.Report is not { } report
        ? unit.State.RecordCount
        : report.Succeeded + report.Failed + report.Cancelled;

    private async Task ReportAsync(UnitSpec spec, UnitReport report)
    {
        var chord = GrainFactory.GetGrain<IUnitOwnerGrain>(spec.ChordId);
        await Retry.UntilDoneAsync(() => chord.OnUnitCompletedAsync(report), (e, n) => LogReportFailed(logger, e, IdentityString, n), _stopping.Token);
        DeactivateOnIdle();
    }

    /// <summary>The unit's report: its tasks' counts, first failures and partial, leaving out those <paramref name="kept"/> from an earlier drive (the chord counted them then).</summary>
    private UnitReport Summarize(UnitSpec spec, TaskRecord[] records, bool[]? kept)
    {
        int succeeded = 0, failed = 0, cancelled = 0;
        var failures = new List<TaskFailure>();
        for (var i = 0; i < records.Length; i++)
        {
            if (kept is not null && kept[i])
            {
                continue;
            }

            switch (records[i].State)
            {
                case TaskOutcome.Succeeded:
                    succeeded++;
                    break;
                case TaskOutcome.Failed:
                    failed++;
                    if (failures.Count < UnitReport.MaxFailures)
                    {
                        // Without its stack trace: the chord's state keeps ten of these and is written on every report.
                        failures.Add(new TaskFailure(records[i].Index, spec.Tasks[i].Handler, records[i].Error! with { StackTrace = null }));
                    }

                    break;
                default:
                    cancelled++;
                    break;
            }
        }

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
                combinerError = $"{exception.GetType().Name}: {exception.Message}";
            }
        }

        return new UnitReport(spec.UnitIndex, succeeded, failed, cancelled, failures.FirstOrDefault(), partial, failures.Count > 0 ? [.. failures] : null, spec.Generation, combinerError);
    }
}
