using System.Security.Cryptography;
using System.Text.Json;
using Chord.Grains.Body;
using Chord.Grains.Handlers;
using Chord.Grains.Storage;
using Chord.Grains.Tasks;
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
/// </summary>
internal sealed partial class ChordGrain(
    [PersistentState("chord", StorageNames.Chords)] IPersistentState<ChordState> chord,
    [PersistentState("spec", StorageNames.Chords)] IPersistentState<ChordSpecState> submitted,
    HandlerCatalog catalog,
    BodyCombiners combiners,
    SpecValidator validator,
    IOptions<ChordEngineOptions> options,
    [FromKeyedServices(EngineClock.Key)] TimeProvider time,
    ILogger<ChordGrain> logger) : Grain, IChordGrain, IUnitOwnerGrain, IBodyOwnerGrain, IRemindable
{
    private ChordState State => chord.State;

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Exists)
        {
            Publish();
            UpdateIndex();
            await ResumeAsync();
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

            var decision = ChordDecider.Submit(ChordPlan.Layout(spec, catalog, options.Value), time.GetUtcNow());
            var period = options.Value.ReminderPeriod;
            await this.RegisterOrUpdateReminder(WakeUpReminder, period, period);

            // Listed before it is committed, so a chord is listed once its submit returns (an entry whose chord was
            // never committed is skipped by readers). But the index does not hold up a submit: while its grain fails
            // over, the submit goes on after IndexWait and the index is told again later (UpdateIndex).
            await TryListAsync(decision.State);
            await ApplyAsync(decision);
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

    public async Task<ChordProgress?> CancelAsync()
    {
        var decision = ChordDecider.Cancel(State);
        if (decision.Changed)
        {
            await ApplyAsync(decision);
            LogCancelRequested(logger, Id, State.InFlight.Count);
        }

        return CurrentProgress();
    }

    public async Task OnUnitCompletedAsync(UnitReport report)
    {
        var decision = ChordDecider.UnitReported(State, report, time.GetUtcNow(), MergePartials);
        if (!decision.Changed)
        {
            LogDuplicateReport(logger, Id, report.UnitIndex);
            return;
        }

        if (State.Stop is StopReason.None && decision.State.Stop is StopReason.TaskFailed)
        {
            LogTaskFailed(logger, Id, report.FirstFailure!.Index, report.FirstFailure.Error.Message);
        }

        Contacts.Forget(report.UnitIndex);
        await ApplyAsync(decision);
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

    /// <summary>Write, publish, act: the one order every change of the chord goes through.</summary>
    private async Task ApplyAsync(ChordDecision decision)
    {
        if (decision.Changed)
        {
            var wasFinal = State.IsFinal;
            await WriteAsync(decision.State);
            Publish();
            UpdateIndex();
            if (State.IsFinal && !wasFinal)
            {
                LogFinished(logger, Id, State.Status, State.Succeeded, State.Failed, State.Cancelled);
                await OnFinishedAsync();
            }
        }

        Act(decision.Effects);
    }

    /// <summary>Writes <paramref name="next"/>. On a failed write the activation is dropped, so memory never runs ahead of storage.</summary>
    private async Task WriteAsync(ChordState next)
    {
        chord.State = next;
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
    }

    private string? MergePartials(string? combined, string? partial) => combiners.Merge(State.BodyHandler, combined, partial);

    private static string Fingerprint(ChordSpec spec) =>
        Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(spec)));
}
