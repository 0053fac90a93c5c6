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
    // The durable wake-up: it reactivates the chord after a crash or a restart (activation resumes the work) and,
    // once the chord finished, for its retention; it goes when the chord is deleted.
    private const string WakeUpReminder = "wake-up";

    // Units purged at once (one housekeeping turn), and how often the purge records how far it got.
    private const int PurgeBatch = 16;

    // The storage operations of a deletion: the body, the index entry, the spec, the state, the reminder.
    private const int DeletionOperations = 5;
    private const int PurgeRecordEvery = 256;

    // While a chord waits days for its deletion, its reminder ticks daily (a reminder's first tick may be at most
    // about 49 days away, so a longer wait is covered in steps).
    private static readonly TimeSpan RetentionReminderPeriod = TimeSpan.FromDays(1);
    private static readonly TimeSpan LongestReminderDue = TimeSpan.FromDays(30);

    private ContactLog? _contacts;

    private IGrainTimer? _probe;
    private IGrainTimer? _retention;
    private IGrainTimer? _cancelGrace;
    private RetentionStep _retentionStep;
    private Task? _deletion;
    private bool _purging;

    // How far this activation's purge got; a retry goes on from here, a new activation from the recorded cursor.
    private int _purgedInMemory;

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!State.Exists)
        {
            await ForgetWakeUpAsync();
            return;
        }

        UpdateIndex(); // catches up if the index missed a change (it was failing over)
        if (State.IsFinal)
        {
            await ScheduleRetentionAsync();
        }
        else
        {
            EnsureProbe();
        }
    }

    /// <summary>After activation: whatever the previous activation had sent may be gone with it, so send it again.</summary>
    private async Task ResumeAsync()
    {
        if (State.IsFinal)
        {
            ReleaseSpecIfFinal();
            await OnFinishedAsync();
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
    private async Task OnFinishedAsync()
    {
        _probe?.Dispose();
        _probe = null;
        await ScheduleRetentionAsync();
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
    /// while the activation lives; the reminder, moved to that step's time, wakes the chord for it once it is gone.
    /// So a finished chord deactivates when idle, as any grain, instead of staying in memory for its retention.
    /// </summary>
    private async Task ScheduleRetentionAsync()
    {
        var (step, dueAt) = ChordDecider.NextRetention(State, options.Value.ResultRetention, options.Value.ChordRetention);
        if (_retention is not null && _retentionStep == step)
        {
            return; // already watching for this step (a reminder tick must not restart a purge under way)
        }

        // The chord may leave memory now: the reminder wakes it for the step (and again if it fails). It is
        // registered before the timer starts, so a deletion already due cannot unregister it first.
        var wait = dueAt - time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            // Due now (a restart with a backlog of due chords): the wake-up that exists already ticks until the step
            // is done, so moving it would only cost a write per chord at the worst moment.
            var shortest = options.Value.ReminderPeriod;
            var dueTime = wait < shortest ? shortest : wait > LongestReminderDue ? LongestReminderDue : wait;
            metrics.StorageWrite("reminder");
            await this.RegisterOrUpdateReminder(WakeUpReminder, dueTime, wait > RetentionReminderPeriod ? RetentionReminderPeriod : shortest);
        }

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
                    await ScheduleRetentionAsync();
                }
            }
            else
            {
                await (_deletion = DeleteAsync());
                await ForgetWakeUpAfterDeletionAsync();
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
    /// again: the reminder still wakes it). Readers get nothing from now on: 404 over HTTP. The reminder goes after
    /// (<see cref="ForgetWakeUpAfterDeletionAsync"/>), so neither readers nor a new submit under the id wait on the
    /// reminder table, and a deletion cut short is never left without its wake-up.
    /// </summary>
    private async Task DeleteAsync()
    {
        // Its turn in the silo's housekeeping: the body, the index entry, the spec, the state and the reminder.
        using var turn = await housekeeping.EnterAsync(DeletionOperations, CancellationToken.None);
        await GrainFactory.GetGrain<IBodyGrain>(Id).PurgeAsync();
        await GrainFactory.GetGrain<IChordIndexEntriesGrain>(0).ForgetAsync(Id);
        if (submitted.RecordExists)
        {
            await submitted.ClearStateAsync(); // a large spec, or one the previous release wrote apart
        }

        await chord.ClearStateAsync();
        chord.State = new ChordState();
        _retention?.Dispose();
        _retention = null;
        _purging = false;
        _purgedInMemory = 0;
        _indexedStatus = null;
        Read.Reset(); // watchers see the chord gone and end
        LogDeleted(logger, Id);
    }

    /// <summary>
    /// Removes the wake-up of a deleted chord; if that fails, its next tick finds no chord and removes it then. A
    /// chord submitted under the id meanwhile keeps its own (its registration changed the reminder's ETag, so the
    /// removal of the one read before fails).
    /// </summary>
    private async Task ForgetWakeUpAfterDeletionAsync()
    {
        try
        {
            if (!State.Exists)
            {
                await ForgetWakeUpAsync();
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
