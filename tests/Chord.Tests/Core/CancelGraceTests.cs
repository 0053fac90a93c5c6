using Chord.Grains.Body;
using Chord.Grains.Chords;
using Chord.Grains.Tasks;

namespace Chord.Tests.Core;

/// <summary>
/// <see cref="ChordDecider.CancelGraceOver"/>: a cancelled chord whose body or units ignore their token ends
/// <c>cancelled</c> once <c>CancelGrace</c> has passed since the recorded cancel, and nothing they report later changes it.
/// </summary>
public sealed class CancelGraceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 2, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    /// <summary>10 tasks in units of 3, 2 in flight; every unit reported, so the body runs.</summary>
    private static ChordState Completing()
    {
        var state = ChordDecider.Submit(new ChordLayout(10, 3, 4, 2, 3, "sum"), T0).State;
        foreach (var unit in new[] { 0, 1, 2, 3 })
        {
            state = ChordDecider.UnitReported(state, new UnitReport(unit, state.SizeOfUnit(unit), 0, 0, null), T0).State;
        }

        return ChordDecider.BodyReported(state, new BodyReport(BodyStatus.Started, 1, null, null), T0).State;
    }

    [Fact]
    public void ACancelRecordsWhenItsGraceStarts()
    {
        var cancel = ChordDecider.Cancel(Completing(), T0.AddSeconds(5));

        Assert.Equal((ChordStatus.Cancelling, T0.AddSeconds(5)), (cancel.State.Status, cancel.State.CancelRequestedAt));
        Assert.True(cancel.Effects.CancelBody);
    }

    [Fact]
    public void ABodyThatIgnoresItsTokenEndsTheChordCancelledOnceTheGraceHasPassedAndItsLateReportChangesNothing()
    {
        var cancelling = ChordDecider.Cancel(Completing(), T0).State;

        var early = ChordDecider.CancelGraceOver(cancelling, T0 + Grace - TimeSpan.FromMilliseconds(1), Grace);
        var over = ChordDecider.CancelGraceOver(cancelling, T0 + Grace, Grace);
        var late = ChordDecider.BodyReported(over.State, new BodyReport(BodyStatus.Success, 1, "45", null), T0 + Grace + TimeSpan.FromSeconds(1));

        Assert.False(early.Changed);
        Assert.True(over.Changed);
        Assert.Equal((ChordStatus.Cancelled, T0 + Grace, cancelling.Version + 1), (over.State.Status, over.State.FinishedAt, over.State.Version));
        Assert.Equal(BodyStatus.Failure, over.State.BodyStatus);
        Assert.Equal(("Cancelled", 1), (over.State.BodyError!.Type, over.State.BodyError.Attempts));
        Assert.True(over.Effects.CancelBody); // told once more, in case it listens now
        Assert.Equal((10, 0, 0), (over.State.Succeeded, over.State.Failed, over.State.Cancelled));
        Assert.False(late.Changed);
        Assert.Null(late.State.BodyResult);
    }

    [Fact]
    public void UnitsThatIgnoreTheirTokenAreAbandonedTheirTasksCountedCancelledAndTheirLateReportsIgnored()
    {
        var submitted = ChordDecider.Submit(new ChordLayout(10, 3, 4, 2, 3, "sum"), T0).State;
        var reported = ChordDecider.UnitReported(submitted, new UnitReport(0, 3, 0, 0, null), T0).State; // units 1 and 2 run
        var cancelling = ChordDecider.Cancel(reported, T0).State;

        var over = ChordDecider.CancelGraceOver(cancelling, T0 + Grace, Grace);
        var late = ChordDecider.UnitReported(over.State, new UnitReport(1, 3, 0, 0, null), T0 + Grace);

        Assert.Equal(ChordStatus.Cancelled, over.State.Status);
        Assert.Empty(over.State.InFlight);
        Assert.Equal([1, 2], over.Effects.CancelUnits.Order());
        Assert.False(over.Effects.CancelBody);
        Assert.Equal(BodyStatus.Pending, over.State.BodyStatus); // the body never ran
        Assert.Equal((3, 0, 7, 10), (over.State.Succeeded, over.State.Failed, over.State.Cancelled, over.State.Completed));
        Assert.False(late.Changed);
    }

    [Fact]
    public void NoGraceEndsAChordThatIsNotCancellingOrWasCancelledBeforeItsTimeWasRecorded()
    {
        var running = Completing();
        var untimed = ChordDecider.Cancel(running).State; // recorded without a time (as by an earlier release)
        var cancelled = ChordDecider.CancelGraceOver(ChordDecider.Cancel(running, T0).State, T0 + Grace, Grace).State;

        Assert.False(ChordDecider.CancelGraceOver(running, T0 + Grace, Grace).Changed);
        Assert.False(ChordDecider.CancelGraceOver(untimed, T0 + Grace, Grace).Changed);
        Assert.False(ChordDecider.CancelGraceOver(cancelled, T0 + (2 * Grace), Grace).Changed);
    }
}
