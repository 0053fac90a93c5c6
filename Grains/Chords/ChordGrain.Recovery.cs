using Chord.Grains.Body;
using Chord.Grains.Index;
using Chord.Grains.Tasks;

namespace Chord.Grains.Chords;

/// <summary>
/// Recovery and retention: what a new activation sends again, the probe that re-sends silent units and bodies, the
/// durable wake-up reminder, and, once the chord finished, purging its task records and later deleting it.
/// </summary>
internal sealed partial class ChordGrain
{
    // The previous release's durable wake-up, one reminder per chord. Chords are now woken by their index shard
    // (ChordIndexShardGrain); a chord that still has the reminder drops it once the shard has its row.
    private const string WakeUpReminder = "wake-up";

    // Units purged at once (one housekeeping turn), and how often the purge records how far it got.
    private const int PurgeBatch = 16;

    // The storage operations of a deletion: the body, the spec, the state, the index row.
    private const int DeletionOperations = 4;
    private const int PurgeRecordEvery = 256;

    private ContactLog? _contacts;

    private IGrainTimer? _probe;
    private IGrainTimer? _retention;
    private IGrainTimer? _cancelGrace;
    private RetentionStep _retentionStep;
    private Task? _deletion;

    /// <summary>What the steps after a deletion need to know of the chord that was.</summary>
    private readonly record struct DeletedChord(DateTimeOffset CreatedAt, bool HadReminder);
    private bool _purging;

    // How far this activation's purge got; a retry goes on from here, a new activation from the recorded cursor.
    private int _purgedInMemory;

    /// <summary>The previous release's reminder ticked: the shard gets the chord's row (from now on it wakes the chord) and the reminder goes.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (State.Exists)
        {
            var row = RowOf(Read.Recorded ?? State);
            await GrainFactory.ShardOf(Id).RecordAsync(row);
            _indexed = row;
            WakeUp();
        }

        await ForgetWakeUpAsync();
    }

    public Task<ChordIndexRow?> WakeAsync()
    {
        if (!State.Exists)
        {
            DeactivateOnIdle();
            return Task.FromResult<ChordIndexRow?>(null);
        }

        WakeUp();
        _indexed = RowOf(Read.Recorded ?? State);
        return Task.FromResult<ChordIndexRow?>(_indexed);
    }

    /// <summary>An unfinished chord probes its work (an activation resumed it already); a finished one watches for its next retention step.</summary>
    private void WakeUp()
    {
        NotifyWebhook();
        ContinueIfDue();
        if (State.IsFinal)
        {
            ScheduleRetention();
        }
        else
        {
            EnsureProbe();
        }
    }

    /// <summary>After activation: whatever the previous activation had sent may be gone with it, so send it again.</summary>
    private void Resume()
    {
        NotifyWebhook();
        ContinueIfDue();
        if (State.IsFinal)
        {
            ReleaseSpecIfFinal();
            OnFinished();
            return;
        }

        Act(ChordDecider.Resume(State));
        EnsureProbe();
        EnsureCancelGrace();
    }

    /// <summary>
    /// A cancelling chord ends <c>CancelGrace</c> after its recorded cancel even if its body or units ignore their
    /// token (<see cref="ChordDecider.CancelGraceOver"/>); from the recorded time, so a new activation keeps the deadline.
    /// </summary>
    private void EnsureCancelGrace()
    {
        if (_cancelGrace is not null || State.IsFinal || State.Stop is not StopReason.CancelRequested || State.CancelRequestedAt is not { } cancelledAt)
        {
            return;
        }

        var due = cancelledAt + options.Value.CancelGrace - time.GetUtcNow();
        _cancelGrace = this.RegisterGrainTimer(EndCancelGraceAsync, new GrainTimerCreationOptions
        {
            DueTime = due > TimeSpan.Zero ? due : TimeSpan.Zero,
            Period = options.Value.ProbeInterval, // again after a failed write, or while the engine's clock lags
        });
    }

    private async Task EndCancelGraceAsync(CancellationToken cancellationToken)
    {
        var decision = ChordDecider.CancelGraceOver(State, time.GetUtcNow(), options.Value.CancelGrace);
        if (decision.Changed)
        {
            LogCancelGraceOver(logger, Id, State.InFlight.Count, ChordDecider.BodyDue(State));
            await ApplyAsync(decision);
        }

        if (State.IsFinal || State.Stop is not StopReason.CancelRequested)
        {
            _cancelGrace?.Dispose();
            _cancelGrace = null;
        }
    }

    /// <summary>A final chord needs no probe; retention takes over.</summary>
    private void OnFinished()
    {
        _probe?.Dispose();
        _probe = null;
        ScheduleRetention();
    }

    private ContactLog Contacts => _contacts ??= new ContactLog(time, options.Value.ProbeInterval);

    private void EnsureProbe()
    {
        var interval = options.Value.ProbeInterval;
        _probe ??= this.RegisterGrainTimer(Probe, new GrainTimerCreationOptions { DueTime = interval, Period = interval, Interleave = true });
    }

    /// <summary>Re-sends units and the body that have been silent for a probe interval: their silo may be gone.</summary>
    private Task Probe(CancellationToken cancellationToken)
    {
        if (Read.Recorded is not { } recorded)
        {
            return Task.CompletedTask;
        }

        var effects = ChordDecider.Probe(recorded, Contacts.IsUnitSilent, Contacts.IsBodySilent);
        foreach (var unit in effects.SendUnits)
        {
            LogResending(logger, Id, unit);
        }

        Act(effects);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Checks every probe interval whether the next retention step is due (the clock may jump: a test moves it),
    /// while the activation lives; the index shard wakes the chord for it once it is gone.
    /// So a finished chord deactivates when idle, as any grain, instead of staying in memory for its retention.
    /// </summary>
    private void ScheduleRetention()
    {
        var (step, dueAt) = ChordDecider.NextRetention(State, options.Value.ResultRetention, options.Value.ChordRetention);
        if (_retention is not null && _retentionStep == step)
        {
            return; // already watching for this step (a wake-up must not restart a purge under way)
        }

        // The chord may leave memory now: its index shard wakes it when the step is due (and again if it fails).
        var interval = options.Value.ProbeInterval;
        _retention?.Dispose();
        _retentionStep = step;
        _retention = this.RegisterGrainTimer(RetainAsync, new GrainTimerCreationOptions
        {
            DueTime = dueAt <= time.GetUtcNow() ? TimeSpan.Zero : interval,
            Period = interval,
            Interleave = true,
        });
    }

    private async Task RetainAsync(CancellationToken cancellationToken)
    {
        if (!State.Exists || !State.IsFinal)
        {
            return;
        }

        var (step, dueAt) = ChordDecider.NextRetention(State, options.Value.ResultRetention, options.Value.ChordRetention);
        if (dueAt > time.GetUtcNow())
        {
            return;
        }

        try
        {
            if (step is RetentionStep.PurgeRecords)
            {
                await PurgeRecordsAsync(cancellationToken);
                if (State.Purged)
                {
                    ScheduleRetention();
                }
            }
            else
            {
                var deletion = DeleteAsync();
                _deletion = deletion;
                await ForgetAfterDeletionAsync(await deletion);
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The timer tries again at its next tick; a purge goes on from its recorded cursor.
            LogRetentionFailed(logger, exception, Id, step);
        }
    }

    /// <summary>Forgets the task records, a batch of units at a time, recording how far it got as it goes.</summary>
    private async Task PurgeRecordsAsync(CancellationToken cancellationToken)
    {
        _purging = true; // listings say "purged" from now on, not "empty"
        var next = Math.Max(State.PurgedUnits, _purgedInMemory);
        var sent = State.UnitsWithRecords; // units never sent hold no records
        while (next < sent && !cancellationToken.IsCancellationRequested)
        {
            var end = Math.Min(next + PurgeBatch, sent);
            using (await housekeeping.EnterAsync(end - next, cancellationToken))
            {
                await Task.WhenAll(Enumerable.Range(next, end - next).Select(unit => GrainFactory.GetGrain<ITaskGrain>(UnitKey.Of(Id, unit)).PurgeAsync()));
            }

            next = _purgedInMemory = end;
            if (next % PurgeRecordEvery == 0 || next == sent)
            {
                await ApplyAsync(ChordDecider.UnitsPurged(State, next));
            }
        }

        if (State.Purged)
        {
            LogPurged(logger, Id, State.UnitCount);
        }
    }

    /// <summary>
    /// Deletes everything the chord stored, the chord's own state last (while it exists, a failed step is tried
    /// again: the index shard wakes it again). Readers get nothing from now on: 404 over HTTP. The index row goes
    /// after (<see cref="ForgetAfterDeletionAsync"/>), so neither readers nor a new submit under the id wait on it,
    /// and a deletion cut short is never left without its wake-up.
    /// </summary>
    private async Task<DeletedChord> DeleteAsync()
    {
        // Its turn in the silo's housekeeping: the body, the spec, the state and the index row.
        using var turn = await housekeeping.EnterAsync(DeletionOperations, CancellationToken.None);
        var deleted = new DeletedChord(State.CreatedAt, !State.WithoutWakeUpReminder);
        await GrainFactory.GetGrain<IBodyGrain>(Id).PurgeAsync();
        if (State.Notify is not null)
        {
            await GrainFactory.GetGrain<Webhooks.IWebhookSenderGrain>(Id).ForgetAsync();
        }

        await Submitted.EnsureReadAsync();
        if (Submitted.RecordExists)
        {
            await Submitted.ClearStateAsync(); // a large spec, or one the previous release wrote apart
        }

        await Stored.ClearStateAsync();
        Stored.State = new ChordState();
        _retention?.Dispose();
        _retention = null;
        _purging = false;
        _purgedInMemory = 0;
        _indexed = null;
        Read.Reset(); // watchers see the chord gone and end
        LogDeleted(logger, Id);
        return deleted;
    }

    /// <summary>
    /// Removes the index row of a deleted chord (and the previous release's reminder, if it had one); if that fails,
    /// the shard's next wake-up finds no chord and drops the row then. A chord submitted under the id meanwhile keeps
    /// its row (the shard forgets only the row created when the deleted chord was).
    /// </summary>
    private async Task ForgetAfterDeletionAsync(DeletedChord deleted)
    {
        try
        {
            await GrainFactory.ShardOf(Id).ForgetAsync(Id, deleted.CreatedAt);
            if (deleted.HadReminder && !State.Exists)
            {
                await ForgetWakeUpAsync();
            }

            if (!State.Exists)
            {
                DeactivateOnIdle();
            }
        }
        catch (Exception exception)
        {
            LogRetentionFailed(logger, exception, Id, RetentionStep.DeleteChord);
        }
    }

    private async Task ForgetWakeUpAsync()
    {
        if (await this.GetReminder(WakeUpReminder) is { } reminder)
        {
            metrics.StorageWrite("reminder");
            await this.UnregisterReminder(reminder);
        }
    }
}
