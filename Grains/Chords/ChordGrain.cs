using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using Chord.Grains.Handlers;
using Chord.Grains.Hosting;
using Chord.Grains.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chord.Grains.Chords;

/// <summary>
/// The coordinator of one chord. It dispatches task units through a bounded window, counts each unit once when
/// it reports, and starts the body when every task is final. Every change follows the same order: decide, write
/// the state, publish the snapshot readers see, then act (dispatch, start the body). So a reader never sees
/// progress that a crash could take back, and nothing is dispatched on the strength of an unwritten decision.
/// </summary>
public sealed partial class ChordGrain(
    [PersistentState("chord", StorageNames.Chords)] IPersistentState<ChordState> chord,
    [PersistentState("spec", StorageNames.Chords)] IPersistentState<ChordSpecState> submitted,
    HandlerCatalog catalog,
    SpecValidator validator,
    IOptions<ChordEngineOptions> options,
    TimeProvider time,
    ILogger<ChordGrain> logger) : Grain, IChordGrain, IChordCallbackGrain, IRemindable
{
    private const int MaxFailuresShown = 10;

    // The durable wake-up: it reactivates the chord after a crash or a restart (activation resumes the work),
    // and stays until the task records are purged.
    private const string WakeUpReminder = "wake-up";

    // When each in-flight unit (and the body) was last sent or heard from; the probe re-sends silent ones.
    private readonly Dictionary<int, DateTimeOffset> _lastContact = [];
    private DateTimeOffset _bodyLastContact;

    // The units' records as reported, kept in memory until the body has run, so the body gets them in its
    // invocation instead of reactivating every task grain. Incomplete after a reactivation: then the body gathers.
    private TaskRecord[]?[]? _reported;
    private int _reportedUnits;
    private ChordProgress? _published;
    private DispatchView? _dispatch;
    private bool _purging;
    private TaskCompletionSource _changed = NewSignal();
    private IGrainTimer? _probe;
    private IGrainTimer? _purge;
    private ChordStatus? _indexedStatus;

    private ChordState State => chord.State;

    private string Id => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Exists)
        {
            Publish();
            Resume();
            UpdateIndex();
        }

        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!State.Exists || State.Purged)
        {
            await ForgetWakeUpAsync();
        }
        else if (!State.IsFinal)
        {
            EnsureProbe();
        }
    }

    public async Task<SubmitResult> SubmitAsync(ChordSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (State.Exists)
        {
            return Fingerprint(spec) == submitted.State.Fingerprint
                ? new SubmitResult(false, CurrentProgress()!)
                : throw new ChordConflictException(Id);
        }

        validator.EnsureValid(Id, spec);

        try
        {
            submitted.State = new ChordSpecState { Spec = spec, Fingerprint = Fingerprint(spec) };
            await submitted.WriteStateAsync();

            ChordPlan.Apply(State, spec, catalog, options.Value);
            _reported = new TaskRecord[]?[State.UnitCount];
            State.Exists = true;
            State.Status = ChordStatus.Running;
            State.CreatedAt = time.GetUtcNow();
            var period = options.Value.ReminderPeriod;
            await this.RegisterOrUpdateReminder(WakeUpReminder, period, period);
            // Listed before it is committed: an entry whose chord was never committed is skipped by readers, while a
            // committed chord missing from the list could not be found by browsing.
            await GrainFactory.GetGrain<IChordIndexGrain>(0).RecordAsync(new ChordIndexEntry(Id, State.CreatedAt, State.Status, State.Version));
            _indexedStatus = State.Status;
            var dispatch = ReserveUnits();
            await CommitAsync();
            Dispatch(dispatch);
            EnsureProbe();
            LogSubmitted(logger, Id, State.Total, State.UnitCount, State.UnitSize);
            return new SubmitResult(true, CurrentProgress()!);
        }
        catch
        {
            // Not accepted: forget whatever was decided in memory, so nothing half-created stays visible.
            chord.State = new ChordState();
            _published = null;
            _indexedStatus = null;
            DeactivateOnIdle();
            throw;
        }
    }

    public Task<ChordProgress?> GetProgressAsync() => Task.FromResult(CurrentProgress());

    public async Task<ChordProgress?> CancelAsync()
    {
        if (!State.Exists || State.IsFinal || State.Stop is StopReason.CancelRequested)
        {
            return CurrentProgress();
        }

        State.Stop = StopReason.CancelRequested;
        var bodyRunning = State.Status is ChordStatus.Completing;
        State.Status = ChordStatus.Cancelling;
        await CommitAsync();
        LogCancelRequested(logger, Id, State.InFlight.Count);

        if (bodyRunning)
        {
            Fire(GrainFactory.GetGrain<IBodyGrain>(Id).CancelAsync(), "cancel the body");
        }

        foreach (var unit in State.InFlight)
        {
            Fire(GrainFactory.GetGrain<ITaskGrain>(UnitKey.Of(Id, unit)).CancelAsync(), "cancel a task unit");
        }

        return CurrentProgress();
    }

    public async Task<TaskPage?> ListTasksAsync(TaskQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        TaskListing.EnsureValid(query);
        if (!State.Exists || _published is not { } snapshot || _dispatch is not { } dispatch)
        {
            return null;
        }

        var counts = snapshot.Tasks;
        var total = query.Phase switch
        {
            null => counts.Total,
            TaskPhase.Pending => counts.Pending,
            TaskPhase.Running => counts.Running,
            TaskPhase.Succeeded => counts.Succeeded,
            TaskPhase.Failed => counts.Failed,
            _ => counts.Cancelled,
        };
        if (State.Purged || _purging)
        {
            return new TaskPage { Items = [], Total = total, Purged = true };
        }

        var reported = _reported;
        var listing = new TaskListing(submitted.State.Spec!, dispatch, unit =>
            reported?[unit] is { } records ? Task.FromResult(records) : GrainFactory.GetGrain<ITaskGrain>(UnitKey.Of(Id, unit)).GetRecordsAsync());
        var (items, next) = await listing.ReadAsync(query);
        return new TaskPage { Items = [.. items], Total = total, Next = next };
    }

    public async IAsyncEnumerable<ChordProgress> WatchAsync(TimeSpan minInterval, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var seen = -1L;
        while (_published is { } snapshot)
        {
            if (snapshot.Version != seen)
            {
                seen = snapshot.Version;
                yield return WithRate(snapshot);
            }

            if (snapshot.IsFinal)
            {
                yield break;
            }

            var changed = _changed.Task;
            if (_published?.Version == seen)
            {
                await changed.WaitAsync(cancellationToken);
            }

            if (minInterval > TimeSpan.Zero)
            {
                await Task.Delay(minInterval, time, cancellationToken);
            }
        }
    }

    public async Task OnUnitCompletedAsync(UnitReport report)
    {
        if (!State.Exists || !State.InFlight.Contains(report.UnitIndex))
        {
            LogDuplicateReport(logger, Id, report.UnitIndex);
            return;
        }

        State.InFlight.Remove(report.UnitIndex);
        _lastContact.Remove(report.UnitIndex);
        Remember(report);
        State.Succeeded += report.Succeeded;
        State.Failed += report.Failed;
        State.Cancelled += report.Cancelled;
        if (report.FirstFailure is { } failure)
        {
            if (State.Failures.Count < MaxFailuresShown)
            {
                State.Failures.Add(failure);
            }

            if (State.Stop is StopReason.None)
            {
                State.Stop = StopReason.TaskFailed;
                LogTaskFailed(logger, Id, failure.Index, failure.Error.Message);
            }
        }

        var dispatch = ReserveUnits();
        var startBody = FinishTasksIfDone();
        await CommitAsync();
        Dispatch(dispatch);
        if (startBody)
        {
            StartBody();
        }
    }

    public async Task OnBodyChangedAsync(BodyReport report)
    {
        var bodyActive = State.Status is ChordStatus.Completing || (State.Status is ChordStatus.Cancelling && State.TasksFinishedAt is not null);
        if (!State.Exists || !bodyActive || report.Attempts < State.BodyAttempts)
        {
            return;
        }

        _bodyLastContact = time.GetUtcNow();
        State.BodyStatus = report.Status;
        State.BodyAttempts = report.Attempts;
        State.BodyResult = report.Result;
        State.BodyError = report.Error;
        if (report.Status is BodyStatus.Success or BodyStatus.Failure)
        {
            State.Status = report.Status is BodyStatus.Success ? ChordStatus.Succeeded
                : State.Stop is StopReason.CancelRequested ? ChordStatus.Cancelled
                : ChordStatus.Failed;
            State.FinishedAt = time.GetUtcNow();
        }

        await CommitAsync();
        if (State.IsFinal)
        {
            LogFinished(logger, Id, State.Status, State.Succeeded, State.Failed, State.Cancelled);
        }
    }

    /// <summary>Takes units into the window (up to its size), in order; they are sent after the next commit.</summary>
    private List<int> ReserveUnits()
    {
        var reserved = new List<int>();
        while (State.Stop is StopReason.None && State.InFlight.Count < State.Window && State.NextUnit < State.UnitCount)
        {
            var unit = State.NextUnit++;
            State.InFlight.Add(unit);
            reserved.Add(unit);
        }

        return reserved;
    }

    /// <summary>When no unit is in flight and none will be sent, settles the tasks; true when the body should start.</summary>
    private bool FinishTasksIfDone()
    {
        var noMoreUnits = State.NextUnit == State.UnitCount || State.Stop is not StopReason.None;
        if (State.InFlight.Count > 0 || !noMoreUnits || State.TasksFinishedAt is not null)
        {
            return false;
        }

        var now = time.GetUtcNow();
        State.TasksFinishedAt = now;
        State.Cancelled += State.Total - State.Completed; // units never sent
        switch (State.Stop)
        {
            case StopReason.None:
                State.Status = ChordStatus.Completing;
                return true;
            case StopReason.TaskFailed:
                State.Status = ChordStatus.Failed;
                State.BodyStatus = BodyStatus.Failure;
                var first = State.Failures[0];
                State.BodyError = new TaskError("ChordError", $"{State.Failed} task(s) failed, so the body did not run; first: task {first.Index} ({first.Handler}): {first.Error.Message}", 0);
                State.FinishedAt = now;
                break;
            default:
                State.Status = ChordStatus.Cancelled;
                State.FinishedAt = now;
                break;
        }

        LogFinished(logger, Id, State.Status, State.Succeeded, State.Failed, State.Cancelled);
        return false;
    }

    /// <summary>Writes the state, then shows it to readers. On a failed write the activation is dropped, so memory never runs ahead of storage.</summary>
    private async Task CommitAsync()
    {
        State.Version++;
        try
        {
            await chord.WriteStateAsync();
        }
        catch (Exception exception)
        {
            LogWriteFailed(logger, exception, Id);
            DeactivateOnIdle();
            throw;
        }

        Publish();
        UpdateIndex();
        if (State.IsFinal)
        {
            _probe?.Dispose();
            _probe = null;
            _reported = null;
            if (!State.Purged)
            {
                SchedulePurge();
            }
        }
    }

    private void Publish()
    {
        var state = State;
        var running = 0;
        foreach (var unit in state.InFlight)
        {
            running += state.SizeOfUnit(unit);
        }

        _dispatch = DispatchView.Of(state);
        _published = new ChordProgress
        {
            Id = Id,
            Status = state.Status,
            Tasks = new TaskCounts(state.Total, state.Total - state.Completed - running, running, state.Succeeded, state.Failed, state.Cancelled),
            Body = new BodyProgress(state.BodyHandler, state.BodyStatus, state.BodyAttempts, state.BodyResult, state.BodyError),
            CreatedAt = state.CreatedAt,
            TasksFinishedAt = state.TasksFinishedAt,
            FinishedAt = state.FinishedAt,
            Failures = [.. state.Failures],
            Version = state.Version,
        };
        var changed = _changed;
        _changed = NewSignal();
        changed.TrySetResult();
    }

    /// <summary>Tells the index of recent chords about a new status (best effort: every activation tells it again).</summary>
    private void UpdateIndex()
    {
        if (_indexedStatus != State.Status)
        {
            _indexedStatus = State.Status;
            _ = RecordInIndexAsync(State.Status, State.Version);
        }
    }

    private async Task RecordInIndexAsync(ChordStatus status, long version)
    {
        try
        {
            await GrainFactory.GetGrain<IChordIndexGrain>(0).RecordAsync(new ChordIndexEntry(Id, State.CreatedAt, status, version));
        }
        catch (Exception exception)
        {
            // The next commit or activation tells the index again.
            LogSendFailed(logger, exception, Id, "update the chord index");
            if (_indexedStatus == status)
            {
                _indexedStatus = null;
            }
        }
    }

    private ChordProgress? CurrentProgress() => _published is { } snapshot ? WithRate(snapshot) : null;

    private ChordProgress WithRate(ChordProgress snapshot)
    {
        var until = snapshot.TasksFinishedAt ?? time.GetUtcNow();
        var seconds = (until - snapshot.CreatedAt).TotalSeconds;
        var completed = snapshot.Tasks.Completed;
        var rate = seconds > 0 ? completed / seconds : 0;
        double? eta = snapshot.TasksFinishedAt is null && rate > 0 ? (snapshot.Tasks.Total - completed) / rate : null;
        return snapshot with { TasksPerSecond = Math.Round(rate, 1), EtaSeconds = eta is { } e ? Math.Round(e, 1) : null };
    }

    private void Dispatch(List<int> units)
    {
        foreach (var unit in units)
        {
            SendUnit(unit);
        }
    }

    private void SendUnit(int unit)
    {
        _lastContact[unit] = time.GetUtcNow();
        var spec = ChordPlan.Unit(Id, submitted.State.Spec!, State, unit);
        var grain = GrainFactory.GetGrain<ITaskGrain>(UnitKey.Of(Id, unit));
        Fire(grain.StartAsync(spec), "send a task unit");
        if (State.Stop is StopReason.CancelRequested)
        {
            // Re-sent while cancelling (e.g. after a crash): the unit must cancel, whichever message it sees first.
            Fire(grain.CancelAsync(), "cancel a task unit");
        }
    }

    private void Remember(UnitReport report)
    {
        if (_reported is not null && _reported[report.UnitIndex] is null)
        {
            _reported[report.UnitIndex] = report.Records;
            _reportedUnits++;
        }
    }

    /// <summary>The succeeded tasks' records in index order, when every unit's report is still in memory.</summary>
    private TaskRecord[]? ReportedResults()
    {
        if (_reported is null || _reportedUnits < State.UnitCount)
        {
            return null;
        }

        var results = new List<TaskRecord>(State.Succeeded);
        foreach (var records in _reported)
        {
            foreach (var record in records!)
            {
                if (record.State is TaskState.Succeeded)
                {
                    results.Add(record);
                }
            }
        }

        return [.. results];
    }

    private void StartBody()
    {
        _bodyLastContact = time.GetUtcNow();
        var invocation = new BodyInvocation(Id, submitted.State.Spec!.Body, State.UnitCount, State.MaxAttempts, ReportedResults());
        Fire(GrainFactory.GetGrain<IBodyGrain>(Id).StartAsync(invocation), "start the body");
    }

    /// <summary>After activation: re-send every in-flight unit (a finished one only re-reports) and the body.</summary>
    private void Resume()
    {
        if (State.IsFinal)
        {
            if (!State.Purged)
            {
                SchedulePurge();
            }

            return;
        }

        foreach (var unit in State.InFlight)
        {
            SendUnit(unit);
        }

        if (State.TasksFinishedAt is not null && State.BodyStatus is not (BodyStatus.Success or BodyStatus.Failure))
        {
            StartBody();
        }

        EnsureProbe();
    }

    /// <summary>
    /// Forgets the task records once the retention after the chord's end has passed. The timer is in memory; the
    /// wake-up reminder, kept until the purge is recorded, schedules it again after a restart.
    /// </summary>
    private void SchedulePurge()
    {
        var due = State.FinishedAt!.Value + options.Value.ResultRetention - time.GetUtcNow();
        _purge ??= this.RegisterGrainTimer(PurgeAsync, new GrainTimerCreationOptions
        {
            DueTime = due > TimeSpan.Zero ? due : TimeSpan.Zero,
            Period = Timeout.InfiniteTimeSpan,
            Interleave = true,
            KeepAlive = true,
        });
    }

    private async Task PurgeAsync(CancellationToken cancellationToken)
    {
        _purging = true; // listings say "purged" from now on, not "empty"
        const int parallelism = 16;
        for (var first = 0; first < State.UnitCount && !cancellationToken.IsCancellationRequested; first += parallelism)
        {
            var batch = Enumerable.Range(first, Math.Min(parallelism, State.UnitCount - first));
            await Task.WhenAll(batch.Select(unit => GrainFactory.GetGrain<ITaskGrain>(UnitKey.Of(Id, unit)).PurgeAsync()));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        State.Purged = true;
        await CommitAsync();
        await ForgetWakeUpAsync();
        LogPurged(logger, Id, State.UnitCount);
    }

    private async Task ForgetWakeUpAsync()
    {
        if (await this.GetReminder(WakeUpReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private void EnsureProbe()
    {
        var interval = options.Value.ProbeInterval;
        _probe ??= this.RegisterGrainTimer(Probe, new GrainTimerCreationOptions { DueTime = interval, Period = interval, Interleave = true });
    }

    /// <summary>Re-sends units and the body that have been silent for a probe interval: their silo may be gone.</summary>
    private Task Probe(CancellationToken cancellationToken)
    {
        var silentSince = time.GetUtcNow() - options.Value.ProbeInterval;
        foreach (var unit in State.InFlight)
        {
            if (_lastContact.GetValueOrDefault(unit) <= silentSince)
            {
                LogResending(logger, Id, unit);
                SendUnit(unit);
            }
        }

        if (State.Status is ChordStatus.Completing or ChordStatus.Cancelling && State.TasksFinishedAt is not null && _bodyLastContact <= silentSince)
        {
            StartBody();
        }

        return Task.CompletedTask;
    }

    private void Fire(Task call, string what) => _ = ObserveAsync(call, what);

    private async Task ObserveAsync(Task call, string what)
    {
        try
        {
            await call;
        }
        catch (Exception exception)
        {
            // The probe tries again; a failed send is never the end of a unit or the body.
            LogSendFailed(logger, exception, Id, what);
        }
    }

    private static string Fingerprint(ChordSpec spec) =>
        Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(spec)));

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
