using Chord.Grains.Body;
using Chord.Grains.Tasks;

namespace Chord.Grains.Chords;

/// <summary>What the chord does once a decision is written: send and cancel units, start and cancel the body.</summary>
internal sealed partial class ChordGrain
{
    // The units' records as reported, kept in memory until the body has run, so the body gets them in its
    // invocation instead of reactivating every task grain. Incomplete after a reactivation: then the body gathers.
    private TaskRecord[]?[]? _reported;
    private int _reportedUnits;

    private void Act(ChordEffects effects)
    {
        foreach (var unit in effects.SendUnits)
        {
            SendUnit(unit);
        }

        foreach (var unit in effects.CancelUnits)
        {
            Fire(GrainFactory.GetGrain<ITaskGrain>(UnitKey.Of(Id, unit)).CancelAsync(), "cancel a task unit");
        }

        if (effects.StartBody)
        {
            StartBody();
        }

        if (effects.CancelBody)
        {
            Fire(GrainFactory.GetGrain<IBodyGrain>(Id).CancelAsync(), "cancel the body");
        }
    }

    private void SendUnit(int unit)
    {
        Contacts.Unit(unit);
        var spec = ChordPlan.Unit(Id, submitted.State.Spec!, State, unit);
        Fire(GrainFactory.GetGrain<ITaskGrain>(UnitKey.Of(Id, unit)).StartAsync(spec), "send a task unit");
    }

    private void StartBody()
    {
        Contacts.Body();
        var invocation = new BodyInvocation(Id, submitted.State.Spec!.Body, State.UnitCount, State.MaxAttempts, ReportedResults());
        Fire(GrainFactory.GetGrain<IBodyGrain>(Id).StartAsync(invocation), "start the body");
    }

    private void RememberReportsFor(int units)
    {
        _reported = new TaskRecord[]?[units];
        _reportedUnits = 0;
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
            results.AddRange(records!.Where(r => r.State is TaskOutcome.Succeeded));
        }

        return [.. results];
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
}
