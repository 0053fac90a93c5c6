using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Chord.Grains.Body;
using Chord.Grains.Cluster;
using Chord.Grains.Handlers;
using Chord.Grains.Index;
using Chord.Grains.Storage;
using Chord.Grains.Tasks;
using Chord.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chord.Grains.Chords;

/// <summary>
/// The coordinator of one chord: a thin shell around <see cref="ChordDecider"/>. Every command goes the same way:
/// load (the state is in memory), decide, write the decided state, publish the snapshot readers see, then act
/// (send units, start or cancel the body). So a reader never sees progress that a crash could take back, and
/// nothing is sent on the strength of an unwritten decision. Reads are in <c>ChordGrain.Progress.cs</c>, the
/// effects in <c>ChordGrain.Effects.cs</c>, and resuming after a crash, the probe and the purge in
/// <c>ChordGrain.Recovery.cs</c>.
/// Placed on a random silo that neither leaves nor fails its storage writes (<see cref="Placement.HealthySiloPlacement"/>).
/// </summary>
[Placement.HealthySiloPlacement]
internal sealed partial class ChordGrain(
    [FromKeyedServices(StorageNames.Chords)] Orleans.Storage.IGrainStorage chordStorage,
    HandlerCatalog catalog,
    BodyCombiners combiners,
    SpecValidator validator,
    ListingGate listings,
    ChordMetrics metrics,
    ClusterLoad clusterLoad,
    StorageHealth storage,
    Lanes.HousekeepingLane housekeeping,
    IOptions<ChordEngineOptions> options,
    [FromKeyedServices(EngineClock.Key)] TimeProvider time,
    ILogger<ChordGrain> logger) : Grain, IChordGrain, IUnitOwnerGrain, IBodyOwnerGrain, IIndexedChordGrain, Operations.IOperableChordGrain, IChainedChordGrain, IRemindable, IIncomingGrainCallFilter
{
    // Group commit: the effects of decisions not yet written go out after the write that holds them.
    private readonly List<ChordEffects> _unsentEffects = [];
    private GroupCommit? _commits;

    private GroupCommit Commits => _commits ??= new GroupCommit(CommitDecisionsAsync);

    /// <summary>The state as last decided (written or about to be); readers see <see cref="ChordReadModel.Recorded"/> instead.</summary>
    private ChordState State => Stored.State;

    /// <summary>The chord's state: read before the first call is served (<see cref="Invoke"/>), or taken as absent by <see cref="SubmitNewAsync"/>.</summary>
    private StateOnDemand<ChordState> Stored => _stored ??= new(chordStorage, "chord", this.GetGrainId());

    private StateOnDemand<ChordState>? _stored;

    /// <summary>Reading the state and resuming what it holds: done once, before any call but a new chord's submit is served.</summary>
    private SharedOnce Loaded => _loaded ??= new SharedOnce(LoadAsync);

    private SharedOnce? _loaded;

    private string Id => this.GetPrimaryKeyString();

    /// <summary>
    /// Specs up to this size (as JSON) are written with the chord's state instead of apart: a map of a handler and a
    /// count is a few hundred bytes, and a shop's chords of a few dozen listed items stay well within it. A finished
    /// chord keeps such a spec in memory while its activation lives (larger ones it drops).
    /// </summary>
    private const int InlineSpecBytes = 16 * 1024;

    /// <summary>The spec of a running chord (inline, or read with the activation), for the units and the body it sends.</summary>
    private ChordSpec CurrentSpec => State.Spec ?? Submitted.State.Spec!;

    /// <summary>The spec's own state: only a large spec (or one the previous release wrote apart) is there, so it is read when needed.</summary>
    private StateOnDemand<ChordSpecState> Submitted => _submitted ??= new(chordStorage, "spec", this.GetGrainId());

    private StateOnDemand<ChordSpecState>? _submitted;

    /// <summary>Every call but a new chord's submit waits until the state is read and what it holds resumed.</summary>
    public Task Invoke(IIncomingGrainCallContext context) =>
        Loaded.IsDone ? context.Invoke() : LoadThenInvokeAsync(context);

    private async Task LoadThenInvokeAsync(IIncomingGrainCallContext context)
    {
        if (_stored is null && context.InterfaceMethod?.Name == nameof(IChordGrain.SubmitNewAsync))
        {
            Stored.AssumeNew(); // its caller vouches the id is new: the read would find nothing
            Loaded.Skip();
        }
        else
        {
            try
            {
                await storage.ReadWithinGiveUpAsync(Loaded.EnsureAsync(), options.Value.StorageGiveUpAfter);
            }
            catch
            {
                // As a failed activation: the next call places the chord anew, where storage answers.
                DeactivateOnIdle();
                throw;
            }
        }

        await context.Invoke();
    }

    private async Task LoadAsync()
    {
        await Stored.EnsureReadAsync();
        if (State.Exists)
        {
            if (!State.IsFinal && State.Spec is null)
            {
                await Submitted.ReadStateAsync(); // the units and the body it sends are made from it
            }

            Read.Publish(State);
            UpdateIndex();
            Resume();
        }
    }

    public async Task<SubmitResult> SubmitNewAsync(ChordSpec spec)
    {
        if (State.Exists)
        {
            throw new ChordConflictException(Id);
        }

        try
        {
            _neverSentFrom = 0;
            return await SubmitAsync(spec);
        }
        catch (Orleans.Storage.InconsistentStateException)
        {
            // The id held a chord after all (its insert was refused, so it is as it was): read it, so that this
            // activation serves it and its index row is its own again.
            _stored = null;
            Loaded.Reset();
            await Loaded.EnsureAsync();
            throw new ChordConflictException(Id);
        }
    }

    public Task<SubmitResult> SubmitAsync(ChordSpec spec) => SubmitAsync(spec, previous: null);

    /// <summary>Submits the chord; <paramref name="previous"/> is the chord whose continuation it is, if any.</summary>
    private async Task<SubmitResult> SubmitAsync(ChordSpec spec, string? previous)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (_deletion is { IsCompleted: false } deleting)
        {
            await deleting; // the id is being freed after its retention: submit to it once it is free
        }

        if (State.Exists)
        {
            if (State.Fingerprint is null)
            {
                await Submitted.EnsureReadAsync(); // the previous release kept the fingerprint with the spec
            }

            return Fingerprint(JsonSerializer.SerializeToUtf8Bytes(spec)) == (State.Fingerprint ?? Submitted.State.Fingerprint)
                ? new SubmitResult(false, CurrentProgress()!)
                : throw new ChordConflictException(Id);
        }

        validator.EnsureValid(Id, spec);

        try
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(spec);
            var fingerprint = Fingerprint(json);
            var inline = json.Length <= InlineSpecBytes;
            if (!inline)
            {
                await Submitted.EnsureReadAsync(); // a failed submit may have left one: it is overwritten
                Submitted.State = new ChordSpecState { Spec = spec, Fingerprint = fingerprint };
                metrics.StorageWrite("spec");
                await Submitted.WriteStateAsync();
            }

            using var span = ChordTracing.Start("chord.submit", Id, traceParent: null);
            var decision = ChordDecider.Submit(ChordPlan.Layout(spec, catalog, options.Value, clusterLoad.HeavySlots), time.GetUtcNow());
            decision.State.TraceParent = Activity.Current?.Id;
            decision.State.Fingerprint = fingerprint;
            decision.State.Spec = inline ? spec : null;
            span?.SetTag("chord.tasks", decision.State.Total);
            span?.SetTag("chord.units", decision.State.UnitCount);
            decision.State.WithoutWakeUpReminder = true;
            decision.State.Previous = previous;

            // The chord's row in its index shard is stored before its state: a stored chord always has its row, which
            // lists it and is what wakes it after a crash or a restart (a row whose chord never committed goes when the
            // shard wakes it and finds nothing). While the shard cannot store the row, the submit fails: retry it.
            var row = RowOf(decision.State);
            await GrainFactory.ShardOf(Id).RecordAsync(row);
            _indexed = row;
            await ApplyAsync(decision);
            EnsureProbe();
            LogSubmitted(logger, Id, State.Total, State.UnitCount, State.UnitSize);
            metrics.ChordSubmitted();
            return new SubmitResult(true, CurrentProgress()!);
        }
        catch
        {
            // Not accepted: forget whatever was decided in memory, so nothing half-created stays visible.
            Stored.State = new ChordState();
            Read.Reset();
            _indexed = null;
            DeactivateOnIdle();
            throw;
        }
    }

    public async Task<ChordProgress?> CancelAsync()
    {
        await CancelAsync(operationId: null);
        return CurrentProgress();
    }

    /// <summary>Requests cancellation (recording the operation that asked, if one did); false when nothing was recorded.</summary>
    private async Task<bool> CancelAsync(string? operationId)
    {
        var decision = ChordDecider.Cancel(State, time.GetUtcNow());
        if (!decision.Changed)
        {
            Act(decision.Effects); // a failing chord's units, told to stop sooner; nothing to record
            return false;
        }

        await ApplyAsync(WithOperation(decision, operationId));
        LogCancelRequested(logger, Id, State.InFlight.Count);
        EnsureCancelGrace();
        return true;
    }

    public async Task<ChordProgress?> UpdateOptionsAsync(ChordOptionsUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.MaxConcurrency is < 1)
        {
            throw new ChordValidationException("maxConcurrency", "maxConcurrency must be at least 1.");
        }

        if (!State.Exists)
        {
            return null;
        }

        if (State.IsFinal)
        {
            throw new ChordFinishedException(Id, State.Status);
        }

        if (update.Priority is { } priority && !Enum.IsDefined(priority))
        {
            throw new ChordValidationException("priority", "priority must be high, normal or low.");
        }

        if (ChordDecider.Reconfigure(State, update.MaxConcurrency, update.Priority, options.Value.DispatchWindow, clusterLoad.HeavySlots) is { Changed: true } decision)
        {
            await ApplyAsync(decision);
        }

        return CurrentProgress();
    }

    public async Task<ChordProgress?> RedriveAsync()
    {
        if (!State.Exists)
        {
            return null;
        }

        if (WhyNotRedrivable() is { } why)
        {
            throw new ChordNotRedrivableException(Id, State.Status, why);
        }

        await RedriveAsync(operationId: null);
        return CurrentProgress();
    }

    private string? WhyNotRedrivable() =>
        ChordDecider.WhyNotRedrivable(State) ?? (_purging || PurgeDue() ? "its task records are being purged after their retention." : null);

    /// <summary>Redrives the chord (the caller checked <see cref="WhyNotRedrivable()"/>), recording the operation that asked, if one did.</summary>
    private async Task RedriveAsync(string? operationId)
    {
        await SpecAsync(); // a finished chord does not keep it in memory; the units sent now need it
        await ApplyAsync(WithOperation(ChordDecider.Redrive(State, time.GetUtcNow()), operationId));
        _progressSending = 0;
        EnsureProbe();
        LogRedriven(logger, Id, State.Redrives);
    }

    public async Task OnUnitCompletedAsync(UnitReport report)
    {
        var decision = ChordDecider.UnitReported(State, report, time.GetUtcNow(), MergePartials);
        if (!decision.Changed)
        {
            LogDuplicateReport(logger, Id, report.UnitIndex);

            // Its original may be decided but not yet written: the copy is acknowledged only once that write landed
            // (a failed one fails this call too, and the unit reports again to the next activation).
            await Commits.LatestAsync();
            return;
        }

        if (State.Stop is StopReason.None && decision.State.Stop is StopReason.TaskFailed)
        {
            LogTaskFailed(logger, Id, report.FirstFailure!.Index, report.FirstFailure.Error.Message);
        }

        Contacts.Forget(report.UnitIndex);
        if (ChordDecider.FollowCapacity(decision.State, clusterLoad.HeavySlots, options.Value.DispatchWindow) is { Changed: true } wider)
        {
            // A silo joined or left: the window follows the cluster's heavy capacity (one write carries both).
            decision = decision with { State = wider.State, Effects = decision.Effects with { SendUnits = [.. decision.Effects.SendUnits, .. wider.Effects.SendUnits] } };
        }

        await ApplyAsync(decision);
    }

    public Task OnUnitHandedBackAsync(int unitIndex, int generation)
    {
        if (Read.Recorded is { } recorded && !recorded.IsFinal && recorded.Redrives == generation && recorded.InFlight.Contains(unitIndex))
        {
            LogHandedBack(logger, Id, unitIndex);
            Act(new ChordEffects { SendUnits = [unitIndex], CancelUnits = recorded.Stop is not StopReason.None ? [unitIndex] : [] });
        }

        return Task.CompletedTask;
    }

    public async Task OnBodyChangedAsync(BodyReport report)
    {
        Contacts.Body();
        var decision = ChordDecider.BodyReported(State, report, time.GetUtcNow());
        if (decision.Changed)
        {
            await ApplyAsync(decision);
        }
    }

    /// <summary>
    /// Decide, write, publish, act: the one order every change of the chord goes through. Decisions taken while a
    /// write is under way are written together by the next one (group commit: unit reports interleave, so a burst
    /// of them costs one write, not one each); each caller returns once a write that holds its decision succeeded,
    /// and a decision's effects go out only after that write.
    /// </summary>
    private Task ApplyAsync(ChordDecision decision)
    {
        if (!decision.Changed)
        {
            Act(decision.Effects);
            return Task.CompletedTask;
        }

        decision = WithPureBodyFinished(decision);
        Stored.State = decision.State;
        _unsentEffects.Add(decision.Effects);
        return Commits.CommitAsync();
    }

    /// <summary>
    /// A body that is a pure combiner (<c>sum</c>, <c>count</c>) runs nothing: its result is the merged partials. So a
    /// decision that starts it records its result at once, in the same write: a small chord's last unit report and
    /// its final state are one write, not two.
    /// </summary>
    private ChordDecision WithPureBodyFinished(ChordDecision decision)
    {
        var state = decision.State;
        if (!decision.Effects.StartBody || !combiners.TryFinish(state.BodyHandler, state.Combined, state.Succeeded, out var result))
        {
            return decision;
        }

        var finished = ChordDecider.BodyReported(state, new BodyReport(BodyStatus.Success, state.BodyAttempts + 1, result, null, state.Redrives), time.GetUtcNow());
        if (!finished.Changed)
        {
            return decision;
        }

        var started = decision.Effects;
        var after = finished.Effects;
        return finished with
        {
            Effects = new ChordEffects
            {
                SendUnits = [.. started.SendUnits, .. after.SendUnits],
                CancelUnits = [.. started.CancelUnits, .. after.CancelUnits],
                StartBody = after.StartBody,
                CancelBody = started.CancelBody || after.CancelBody,
            },
        };
    }

    /// <summary>One write of the decided state with everything after it: publish, then the effects of every decision it holds.</summary>
    private async Task CommitDecisionsAsync()
    {
        var effects = _unsentEffects.ToArray();
        _unsentEffects.Clear();
        var wasFinal = Read.Recorded?.IsFinal ?? false;
        var written = State;
        await WriteAsync();

        Read.Publish(written);
        UpdateIndex();
        NotifyWebhook();
        ContinueIfDue();
        if (written.IsFinal && !wasFinal)
        {
            LogFinished(logger, Id, written.Status, written.Succeeded, written.Failed, written.Cancelled);
            metrics.ChordFinished(written.Status);
            OnFinished();
        }

        foreach (var effect in effects)
        {
            Act(effect);
        }

        ReleaseSpecIfFinal();
    }

    /// <summary>The submitted spec: a finished chord keeps it in storage only (up to 8 MiB) and reads it when a listing or a redrive needs it.</summary>
    private async Task<ChordSpec> SpecAsync()
    {
        if (State.Spec is { } inline)
        {
            return inline;
        }

        if (Submitted.State.Spec is null)
        {
            await Submitted.ReadStateAsync();
        }

        return Submitted.State.Spec ?? throw new InvalidOperationException($"The spec of chord '{Id}' is not in storage.");
    }

    /// <summary>
    /// Lets a finished chord's spec go from memory (nothing sends units or starts a body from it any more). It asks
    /// the decided state, not the written one: a redrive decided while the final write's last steps still run needs it.
    /// </summary>
    private void ReleaseSpecIfFinal()
    {
        if (State is { Exists: true, IsFinal: true } && Read.Recorded is { IsFinal: true } && Submitted.State.Spec is not null)
        {
            Submitted.State.Spec = null;
        }
    }

    /// <summary>Writes the decided state. On a failed write the activation is dropped, so memory never runs ahead of storage.</summary>
    private async Task WriteAsync()
    {
        try
        {
            metrics.StorageWrite("chord");

            // A write that hangs (this silo cut off from storage) fails after StorageGiveUpAfter, as a failed one:
            // the activation is dropped and comes back where storage answers (HealthySiloPlacement). If the write
            // lands after all, the next activation reads it or its own write meets the new ETag and starts again.
            await storage.WithinGiveUpAsync(Stored.WriteStateAsync(), options.Value.StorageGiveUpAfter);
            storage.Succeeded();
        }
        catch (Exception exception)
        {
            storage.Failed();
            LogWriteFailed(logger, exception, Id);
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>
    /// True once a final chord's records are due to be purged: a purge may have started in an activation that died
    /// before it recorded its cursor, so its records can no longer be trusted whole.
    /// </summary>
    private bool PurgeDue() =>
        State.IsFinal && ChordDecider.NextRetention(State, options.Value.ResultRetention, options.Value.ChordRetention) is { Step: RetentionStep.PurgeRecords } next
        && next.DueAt <= time.GetUtcNow();

    private string? MergePartials(string? combined, string? partial) => combiners.Merge(State.BodyHandler, combined, partial);

    private static string Fingerprint(byte[] json) => Convert.ToHexString(SHA256.HashData(json));
}
