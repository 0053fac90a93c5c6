using Chord.Grains.Body;
using Chord.Grains.Lanes;
using Chord.Grains.Tasks;

namespace Chord.Grains.Chords;

/// <summary>What the chord does once a decision is written: send and cancel units, start and cancel the body.</summary>
internal sealed partial class ChordGrain
{
    /// <summary>
    /// Units from here on were never sent and hold no state (<see cref="UnitSpec.New"/>): known only in the
    /// activation that created the chord under a fresh id (<see cref="SubmitNewAsync"/>); any other knows nothing.
    /// </summary>
    private int _neverSentFrom = int.MaxValue;

    private void Act(ChordEffects effects)
    {
        foreach (var unit in effects.SendUnits)
        {
            SendUnit(unit);
        }

        foreach (var unit in effects.CancelUnits)
        {
            Fire(GrainFactory.GetGrain<ITaskGrain>(UnitKey.Of(Id, unit)).CancelRunAsync(State.Redrives), "cancel a task unit");
        }

        if (effects.StartBody)
        {
            StartBody();
        }

        if (effects.CancelBody)
        {
            Fire(GrainFactory.GetGrain<IBodyGrain>(Id).CancelRunAsync(State.Redrives), "cancel the body");
        }
    }

    private void SendUnit(int unit)
    {
        Contacts.Unit(unit);
        var spec = ChordPlan.Unit(Id, CurrentSpec, State, unit);
        if (unit >= _neverSentFrom && State.Redrives == 0)
        {
            spec = spec with { New = true };
            _neverSentFrom = unit + 1;
        }

        Fire(GrainFactory.GetGrain<ITaskGrain>(UnitKey.Of(Id, unit)).StartAsync(spec), "send a task unit");
    }

    private void StartBody()
    {
        Contacts.Body();
        if (combiners.TryFinish(State.BodyHandler, State.Combined, State.Succeeded, out var result))
        {
            // Its result is the combined value: recorded by the chord itself, as if the body had reported it.
            Fire(OnBodyChangedAsync(new BodyReport(BodyStatus.Success, State.BodyAttempts + 1, result, null, State.Redrives)), "record the combined body");
            return;
        }

        var input = new BodyInput(State.UnitCount, State.UnitSize, State.Total, State.Succeeded, State.Combined, State.Failed);
        var invocation = new BodyInvocation(Id, CurrentSpec.Body, State.MaxAttempts, input, State.BodyRetry, State.Redrives, State.TraceParent, State.BodyTimeout);
        Fire(GrainFactory.GetGrain<IBodyGrain>(Id).StartAsync(invocation), "start the body");
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
