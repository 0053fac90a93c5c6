using Chord.Grains.Handlers;
using Chord.Grains.Lanes;
using Chord.Grains.Storage;
using Chord.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chord.Grains.Tasks;

/// <summary>
/// One unit of a chord's tasks: a shell around <see cref="UnitLedger"/> (its rules) and <see cref="UnitRecords"/>
/// (its paged storage). <see cref="StartAsync"/> only starts the work; the run (<c>TaskGrain.Run.cs</c>) goes on as a
/// background task of this activation, records every task's outcome, reports to the chord until the report is
/// acknowledged, and the grain deactivates. A unit that already finished re-reports its record instead of running
/// again; after a redrive it runs again the tasks that did not succeed.
/// Placed on the silo whose lanes hold the least work for their size (<see cref="Placement.LeastLoadedPlacement"/>): so
/// no silo idles while another has a queue, and a silo that joins takes work at once (Orleans' placement by
/// activation count kept every unit of a fresh 3-silo cluster on one silo for over 20 s).
/// </summary>
[Placement.LeastLoadedPlacement]
internal sealed partial class TaskGrain(
    [FromKeyedServices(StorageNames.Results)] Orleans.Storage.IGrainStorage unitStorage,
    LaneRunner runner,
    LightLane lightLane,
    HeavyLane heavyLane,
    BodyCombiners combiners,
    RecordPacker packer,
    HandlerCatalog catalog,
    ChordMetrics metrics,
    ISiloStatusOracle membership,
    StorageHealth storage,
    IOptions<ChordEngineOptions> options,
    [FromKeyedServices(EngineClock.Key)] TimeProvider time,
    ILogger<TaskGrain> logger) : Grain, ITaskGrain
{
    // _run holds the user's cancel (it reaches handlers) and the activation's stop (it ends retry loops only, so a
    // shutdown never records running tasks as cancelled: the chord re-sends them instead); _recordingAbandoned ends
    // the writes of the unit's records only once a stop's grace ran out, so a stop lets a write under way finish.
    private readonly BackgroundRun _run = new();
    private readonly CancellationTokenSource _recordingAbandoned = new();
    private readonly UnitHeartbeats _heartbeats = new(time);
    private readonly UnitRunTracker _tracker = new();
    private GroupCommit? _writes;
    private UnitRecords? _records;
    private UnitSpec? _spec;
    private UnitSpec? _handBack;
    private readonly HashSet<int> _marked = []; // positions this run marked as started (UnitLedger.Start)
    private readonly HashSet<int> _abandoned = []; // positions with an attempt abandoned in this run (timed out)
    private bool _recording;
    private bool _activityDue;
    private StateOnDemand<UnitState>? _unit;

    /// <summary>The unit's state: read by the first call that needs it, or taken as absent for a unit sent for the first time (<see cref="UnitSpec.New"/>).</summary>
    private StateOnDemand<UnitState> Stored => _unit ??= new(unitStorage, "unit", this.GetGrainId());

    /// <summary>Every write of the unit's own state, one at a time (a run's marks, a hand-back, its records).</summary>
    private GroupCommit Writes => _writes ??= new GroupCommit(async () =>
    {
        metrics.StorageWrite("unit");
        await Stored.WriteOwnedStateAsync();
        storage.Succeeded();
    });

    /// <summary>
    /// Writes until done, unless stopped by <paramref name="cancellationToken"/>, or until this silo's writes have
    /// failed for <see cref="ChordEngineOptions.StorageGiveUpAfter"/> (<see cref="StorageUnreachableException"/>: the
    /// run is given back, to be run where storage answers).
    /// </summary>
    private Task UntilWrittenAsync(Func<Task> write, CancellationToken cancellationToken) => Retry.UntilDoneAsync(
        // The units queued behind a hung write (for the permits it holds) give up within a second, not one after another.
        () => storage.WithinGiveUpAsync(write(), options.Value.StorageGiveUpAfter),
        (exception, attempt) =>
        {
            LogWriteFailed(logger, exception, IdentityString, attempt);
            if (storage.Failed() is var failingFor && (exception is TimeoutException || failingFor >= options.Value.StorageGiveUpAfter))
            {
                throw new StorageUnreachableException(failingFor, exception);
            }
        },
        cancellationToken);

    private UnitRecords Records => _records ??= new UnitRecords(Stored, packer, GrainFactory, this.GetPrimaryKeyString(), Writes.CommitAsync);

    public async Task StartAsync(UnitSpec spec)
    {
        if (_run.IsRunning)
        {
            // Sent again (the chord resumed, or probes a silent unit): it may have lost what this run holds.
            TellActivity(spec);
            return;
        }

        if (spec.New && _unit is null)
        {
            Stored.AssumeNew(); // its chord was created in this activation and never sent it before: nothing is stored
        }
        else
        {
            await EnsureStateAsync();
            if (_run.IsRunning)
            {
                TellActivity(spec);
                return;
            }
        }

        // Work may wait in the heavy lane longer than the idle-collection age; it must not be collected meanwhile.
        DelayDeactivation(TimeSpan.FromDays(1));
        _run.TryStart(spec.Generation, () => Records.FirstPage is { } records && Stored.State.Generation >= spec.Generation
            ? ReportAsync(spec, Stored.State.Report ?? Summarize(spec, records, kept: null))
            : membership.CurrentStatus is SiloStatus.Active ? RunAsync(spec) : HandBackUnstarted(spec));
    }

    /// <summary>
    /// Reads the unit's state unless it was read (<see cref="StorageHealth.ReadWithinGiveUpAsync"/>). A failed read
    /// drops the activation, as a failed activation would: the chord's next send places the unit anew.
    /// </summary>
    private async Task EnsureStateAsync()
    {
        if (Stored.IsRead)
        {
            return;
        }

        try
        {
            await storage.ReadWithinGiveUpAsync(Stored.EnsureReadAsync(), options.Value.StorageGiveUpAfter);
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    public Task CancelAsync() => CancelRunAsync(int.MaxValue);

    public Task CancelRunAsync(int generation)
    {
        _run.Cancel(generation);
        return Task.CompletedTask;
    }

    public Task<LiveTask[]> ReadLiveTasksAsync() =>
        Task.FromResult(_run.IsRunning && !_recording ? _tracker.Live(_heartbeats) : []);

    public async Task<TaskRecord[]> ReadRecordsAsync(int skip, int maxBytes)
    {
        await EnsureStateAsync();
        var (records, end) = await Records.ReadAsync(skip, maxBytes);
        if (end && !_run.IsRunning)
        {
            DeactivateOnIdle(); // a finished unit read by a body or a listing does not stay in memory for it
        }

        return records;
    }

    public async Task PurgeAsync()
    {
        await EnsureStateAsync();
        await Records.PurgeAsync();
        DeactivateOnIdle();
    }

    /// <summary>
    /// A clean stop (its silo shutting down) while the unit runs hands the run back: its handlers are cancelled and
    /// their outcomes not recorded, the marks of the tasks it started are taken back (a deliberate stop is not a lost
    /// attempt; a task whose attempt was abandoned keeps its mark), and the chord is told to send the unit again at once, to a silo that stays. A unit writing its
    /// records finishes the write first (within the stop's grace). A silo that dies never gets here: then the run counts.
    /// </summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _run.Stopping.Cancel();
        if (cancellationToken.IsCancellationRequested)
        {
            // No grace at all: the silo is going down abruptly (an in-process kill). As when it dies, the run counts
            // and nothing is written or handed back; the chord's probe sends the unit again.
            _recordingAbandoned.Cancel();
            return;
        }

        if (_handBack is { } unstarted)
        {
            await HandBackAsync(unstarted, cancellationToken);
            return;
        }

        if (_run.Work is not { IsCompleted: false } work || _spec is not { } spec)
        {
            return;
        }

        try
        {
            if (_recording)
            {
                using (cancellationToken.Register(_recordingAbandoned.Cancel))
                {
                    await Quietly(work.WaitAsync(cancellationToken));
                }
            }
            else
            {
                await _run.CancelNowAsync();
                await Writes.IdleAsync().WaitAsync(cancellationToken); // a mark under way lands first; no new one starts once stopping
                // A task with an abandoned attempt keeps its mark: that attempt really failed, and a wedged silo's
                // recycle must not let a handler that hangs for ever run again and again for free.
                if (UnitLedger.HandBack(Stored.State, spec.Generation, _marked.Except(_abandoned)))
                {
                    await Writes.CommitAsync().WaitAsync(cancellationToken);
                }
            }
        }
        catch (Exception exception)
        {
            // The chord's probe sends the unit again all the same; the run may count as an attempt.
            LogHandBackFailed(logger, exception, IdentityString);
        }

        await HandBackAsync(spec, cancellationToken);
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

    /// <summary>Tells the chord to send the unit again, once the other silos have heard this one leaves (a report interval or two).</summary>
    private async Task HandBackAsync(UnitSpec spec, CancellationToken cancellationToken)
    {
        try
        {
            if (!membership.GetApproximateSiloStatuses(onlyActive: true).Keys.Any(silo => !silo.Equals(membership.SiloAddress)))
            {
                // The whole cluster stops (the last silo): the chord could only be placed here, and is deactivating
                // too. The unit stays in flight in its state; the chord sends it again when it resumes.
                LogNoSiloToHandBackTo(logger, IdentityString);
                return;
            }

            await Task.Delay(options.Value.LoadReportInterval * 2, cancellationToken);
            await GrainFactory.GetGrain<IUnitOwnerGrain>(spec.ChordId).OnUnitHandedBackAsync(spec.UnitIndex, spec.Generation).WaitAsync(cancellationToken);
            LogHandedBack(logger, IdentityString);
        }
        catch (Exception exception)
        {
            LogHandBackFailed(logger, exception, IdentityString);
        }
    }

    private async Task ReportAsync(UnitSpec spec, UnitReport report)
    {
        var chord = GrainFactory.GetGrain<IUnitOwnerGrain>(spec.ChordId);
        await Retry.UntilDoneAsync(() => chord.OnUnitCompletedAsync(report), (e, n) => LogReportFailed(logger, e, IdentityString, n), _run.Stopping.Token);
        DeactivateOnIdle();
    }

    private static Task Quietly(Task task) =>
        task.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Current);
}
