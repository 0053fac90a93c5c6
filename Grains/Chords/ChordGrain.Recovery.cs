using Chord.Grains.Tasks;

namespace Chord.Grains.Chords;

/// <summary>
/// Recovery: what a new activation sends again, the probe that re-sends silent units and bodies, the durable
/// wake-up reminder, and the purge of task records once the retention after the chord's end has passed.
/// </summary>
internal sealed partial class ChordGrain
{
    // The durable wake-up: it reactivates the chord after a crash or a restart (activation resumes the work),
    // and stays until the task records are purged.
    private const string WakeUpReminder = "wake-up";

    private ContactLog? _contacts;

    // The state as last written and published; the probe works from it, never from a decision still being written.
    private ChordState? _recorded;
    private IGrainTimer? _probe;
    private IGrainTimer? _purge;
    private bool _purging;

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!State.Exists || State.Purged)
        {
            await ForgetWakeUpAsync();
        }
        else
        {
            UpdateIndex(); // catches up if the index missed a change (it was failing over)
            if (!State.IsFinal)
            {
                EnsureProbe();
            }
        }
    }

    /// <summary>After activation: whatever the previous activation had sent may be gone with it, so send it again.</summary>
    private void Resume()
    {
        if (State.IsFinal)
        {
            OnFinished();
            return;
        }

        Act(ChordDecider.Resume(State));
        EnsureProbe();
    }

    /// <summary>A final chord needs no probe; its task records go after the retention.</summary>
    private void OnFinished()
    {
        _probe?.Dispose();
        _probe = null;
        if (!State.Purged)
        {
            SchedulePurge();
        }
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
        if (_recorded is not { } recorded)
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
    /// Forgets the task records once the retention after the chord's end has passed. The timer is in memory; the
    /// wake-up reminder, kept until the purge is recorded, schedules it again after a restart.
    /// </summary>
    private void SchedulePurge()
    {
        var due = ChordDecider.PurgeDueAt(State, options.Value.ResultRetention) - time.GetUtcNow();
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

        await ApplyAsync(ChordDecider.Purged(State));
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
}
