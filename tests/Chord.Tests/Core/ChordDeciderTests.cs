using Chord.Grains.Body;
using Chord.Grains.Chords;
using Chord.Grains.Tasks;

namespace Chord.Tests.Core;

/// <summary>The chord's rules, one at a time, without a cluster.</summary>
public sealed class ChordDeciderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    /// <summary>10 tasks in units of 3 (the last holds 1), at most 2 units in flight.</summary>
    private static ChordDecision Submitted() => ChordDecider.Submit(new ChordLayout(10, 3, 4, 2, 3, "sum"), T0);

    private static UnitReport Succeeded(ChordState state, int unit) =>
        new(unit, state.SizeOfUnit(unit), 0, 0, null);

    private static UnitReport OneFailed(ChordState state, int unit) =>
        new(unit, state.SizeOfUnit(unit) - 1, 1, 0, new TaskFailure(unit * state.UnitSize, "fail", new TaskError("Boom", "it broke", 2)));

    private static ChordState Report(ChordState state, params int[] units)
    {
        foreach (var unit in units)
        {
            state = ChordDecider.UnitReported(state, Succeeded(state, unit), T0).State;
        }

        return state;
    }

    [Fact]
    public void SubmitRunsTheChordAndSendsTheFirstWindow()
    {
        var decision = Submitted();

        Assert.True(decision.Changed);
        Assert.Equal((ChordStatus.Running, 1L, T0), (decision.State.Status, decision.State.Version, decision.State.CreatedAt));
        Assert.Equal([0, 1], decision.Effects.SendUnits);
        Assert.Equal(2, decision.State.NextUnit);
    }

    [Fact]
    public void AReportFreesItsPlaceForTheNextUnitAndLeavesItsInputAlone()
    {
        var submitted = Submitted().State;

        var decision = ChordDecider.UnitReported(submitted, Succeeded(submitted, 0), T0);

        Assert.Equal([2], decision.Effects.SendUnits);
        Assert.Equal((3, 2L), (decision.State.Succeeded, decision.State.Version));
        Assert.Equal([1, 2], decision.State.InFlight.Order());
        Assert.Equal((0, 1L, 2), (submitted.Succeeded, submitted.Version, submitted.InFlight.Count)); // the input is untouched
    }

    [Fact]
    public void AReportOfAUnitNotInFlightChangesNothing()
    {
        var once = Report(Submitted().State, 0);

        var again = ChordDecider.UnitReported(once, Succeeded(once, 0), T0);
        var neverSent = ChordDecider.UnitReported(once, Succeeded(once, 3), T0);

        Assert.False(again.Changed);
        Assert.False(neverSent.Changed);
        Assert.Same(once, again.State);
        Assert.Equal(ChordEffects.None, again.Effects);
    }

    [Fact]
    public void TheLastReportSettlesTheTasksAndStartsTheBodyOnce()
    {
        var done = ChordDecider.UnitReported(Report(Submitted().State, 0, 1, 2), new UnitReport(3, 1, 0, 0, null), T0.AddSeconds(5));

        Assert.True(done.Effects.StartBody);
        Assert.Equal((ChordStatus.Completing, T0.AddSeconds(5)), (done.State.Status, done.State.TasksFinishedAt));
        Assert.Equal(10, done.State.Succeeded);
        Assert.True(ChordDecider.BodyDue(done.State));
    }

    [Fact]
    public void AFailedTaskStopsDispatchAndTheBodyNeverStarts()
    {
        var submitted = Submitted().State;

        var failed = ChordDecider.UnitReported(submitted, OneFailed(submitted, 0), T0);
        var settled = ChordDecider.UnitReported(failed.State, Succeeded(failed.State, 1), T0.AddSeconds(1));

        Assert.Empty(failed.Effects.SendUnits);
        Assert.Equal(StopReason.TaskFailed, failed.State.Stop);
        Assert.False(settled.Effects.StartBody);
        Assert.Equal(ChordStatus.Failed, settled.State.Status);
        Assert.Equal((5, 1, 4), (settled.State.Succeeded, settled.State.Failed, settled.State.Cancelled)); // units 2 and 3 never sent
        Assert.Equal((BodyStatus.Failure, "ChordError"), (settled.State.BodyStatus, settled.State.BodyError!.Type));
        Assert.Contains("task 0 (fail): it broke", settled.State.BodyError.Message, StringComparison.Ordinal);
        Assert.Equal(T0.AddSeconds(1), settled.State.FinishedAt);
    }

    [Fact]
    public void ACancelOfAChordAlreadyFailingStopsItsUnitsButKeepsTheFirstReason()
    {
        var submitted = Submitted().State;
        var failing = ChordDecider.UnitReported(submitted, OneFailed(submitted, 0), T0).State;

        var cancel = ChordDecider.Cancel(failing);
        var settled = ChordDecider.UnitReported(cancel.State, new UnitReport(1, 1, 0, 2, null), T0.AddSeconds(1));

        Assert.False(cancel.Changed);
        Assert.Equal([1], cancel.Effects.CancelUnits);
        Assert.Equal(StopReason.TaskFailed, cancel.State.Stop);
        Assert.Equal(ChordStatus.Failed, settled.State.Status);
        Assert.Equal("ChordError", settled.State.BodyError!.Type);
    }

    [Fact]
    public void TheSnapshotKeepsTheFirstTenFailedTasksByIndexWhateverOrderUnitsReportIn()
    {
        // 30 tasks in 2 units of 15: each unit reports its first 10 failures; the later unit reports first.
        static TaskFailure[] Failed(int from) => [.. Enumerable.Range(from, 10).Select(i => new TaskFailure(i, "fail", new TaskError("Boom", $"task {i}", 1)))];
        var submitted = ChordDecider.Submit(new ChordLayout(30, 15, 2, 2, 1, "sum"), T0).State;

        var second = ChordDecider.UnitReported(submitted, new UnitReport(1, 0, 15, 0, Failed(15)[0], null, Failed(15)), T0).State;
        var both = ChordDecider.UnitReported(second, new UnitReport(0, 5, 10, 0, Failed(0)[0], null, Failed(0)), T0).State;
        var fromAnOlderSilo = ChordDecider.UnitReported(submitted, new UnitReport(0, 14, 1, 0, Failed(3)[0]), T0).State;

        Assert.Equal(Enumerable.Range(15, 10), second.Failures.Select(f => f.Index));
        Assert.Equal(Enumerable.Range(0, 10), both.Failures.Select(f => f.Index));
        Assert.Equal(25, both.Failed);
        Assert.Equal([3], fromAnOlderSilo.Failures.Select(f => f.Index));
    }

    [Fact]
    public void ANewMaxConcurrencyResizesTheWindowFromTheNextUnitOn()
    {
        // 10 tasks in units of 3, window 2: units 0 and 1 in flight.
        var submitted = Submitted().State;

        var wider = ChordDecider.Reconfigure(submitted, 9, null, 32);
        var narrower = ChordDecider.Reconfigure(wider.State, 3, ChordPriority.High, 32);
        var afterReport = ChordDecider.UnitReported(narrower.State, Succeeded(narrower.State, 0), T0);
        var same = ChordDecider.Reconfigure(submitted, null, ChordPriority.Normal, 32);
        var sameWindow = ChordDecider.Reconfigure(submitted, 7, null, 32);

        Assert.Equal(3, wider.State.Window); // 9 / 3 = 3 units
        Assert.Equal([2], wider.Effects.SendUnits); // one more now
        Assert.Equal((1, 0), (narrower.State.Window, narrower.Effects.SendUnits.Count)); // in flight go on
        Assert.Empty(afterReport.Effects.SendUnits); // two still in flight against a window of one
        Assert.False(same.Changed);
        Assert.Equal((true, 2, 7), (sameWindow.Changed, sameWindow.State.Window, sameWindow.State.MaxConcurrency)); // kept for the snapshot
        Assert.Equal(ChordPriority.High, narrower.State.Priority);
    }

    [Fact]
    public void WithinTheToleratedFailuresTheChordGoesOnAndOverThemItCancelsWhatRuns()
    {
        // 10 tasks in units of 3, window 2, one failure tolerated.
        var submitted = ChordDecider.Submit(new ChordLayout(10, 3, 4, 2, 3, "sum", ToleratedFailures: 1), T0).State;

        var tolerated = ChordDecider.UnitReported(submitted, OneFailed(submitted, 0), T0);
        var crossed = ChordDecider.UnitReported(tolerated.State, OneFailed(tolerated.State, 1), T0);
        var defaults = ChordDecider.UnitReported(Submitted().State, OneFailed(Submitted().State, 0), T0);

        Assert.Equal(StopReason.None, tolerated.State.Stop);
        Assert.Equal([2], tolerated.Effects.SendUnits); // dispatch goes on
        Assert.Equal(StopReason.TaskFailed, crossed.State.Stop);
        Assert.Empty(crossed.Effects.SendUnits);
        Assert.Equal([2], crossed.Effects.CancelUnits); // fail fast: the unit still running is told to stop
        Assert.Equal([1], defaults.Effects.CancelUnits); // no tolerance: the first failure does it
        Assert.Contains("toleratedFailures", ChordDecider.FailureThresholdCrossed(crossed.State), StringComparison.Ordinal);
    }

    [Fact]
    public void CancelStopsDispatchAndCancelsWhatIsInFlight()
    {
        var submitted = Submitted().State;

        var cancel = ChordDecider.Cancel(submitted);
        var again = ChordDecider.Cancel(cancel.State);
        var report = ChordDecider.UnitReported(cancel.State, new UnitReport(0, 1, 0, 2, null), T0);

        Assert.Equal(ChordStatus.Cancelling, cancel.State.Status);
        Assert.Equal([0, 1], cancel.Effects.CancelUnits.Order());
        Assert.False(cancel.Effects.CancelBody);
        Assert.False(again.Changed);
        Assert.Empty(report.Effects.SendUnits);
    }

    [Fact]
    public void ACancelWhileTheBodyRunsReachesTheBodyAndEndsCancelled()
    {
        var completing = ChordDecider.UnitReported(Report(Submitted().State, 0, 1, 2), new UnitReport(3, 1, 0, 0, null), T0).State;

        var cancel = ChordDecider.Cancel(completing);
        var bodyEnded = ChordDecider.BodyReported(cancel.State, new BodyReport(BodyStatus.Failure, 1, null, new TaskError("Cancelled", "cancelled", 1)), T0.AddSeconds(2));

        Assert.True(cancel.Effects.CancelBody);
        Assert.Equal(ChordStatus.Cancelled, bodyEnded.State.Status);
        Assert.Equal(T0.AddSeconds(2), bodyEnded.State.FinishedAt);
        Assert.False(ChordDecider.Cancel(bodyEnded.State).Changed);
    }

    [Fact]
    public void BodyReportsOfAnOlderAttemptOrOutsideTheBodysTimeChangeNothing()
    {
        var running = Submitted().State;
        var completing = ChordDecider.UnitReported(Report(running, 0, 1, 2), new UnitReport(3, 1, 0, 0, null), T0).State;

        var retry = ChordDecider.BodyReported(completing, new BodyReport(BodyStatus.Retry, 2, null, new TaskError("Boom", "no", 2)), T0).State;
        var stale = ChordDecider.BodyReported(retry, new BodyReport(BodyStatus.Started, 1, null, null), T0);
        var early = ChordDecider.BodyReported(running, new BodyReport(BodyStatus.Success, 1, "1", null), T0);
        var success = ChordDecider.BodyReported(retry, new BodyReport(BodyStatus.Success, 3, "10", null), T0).State;

        Assert.Equal((ChordStatus.Completing, BodyStatus.Retry), (retry.Status, retry.BodyStatus));
        Assert.False(stale.Changed);
        Assert.False(early.Changed);
        Assert.Equal((ChordStatus.Succeeded, "10", 3), (success.Status, success.BodyResult, success.BodyAttempts));
    }

    [Fact]
    public void ResumeSendsEveryUnitInFlightAndTheDueBodyAndCancelsBothAgainWhileCancelling()
    {
        var running = Report(Submitted().State, 0);
        var cancelling = ChordDecider.Cancel(running).State;
        var completing = ChordDecider.UnitReported(Report(running, 1, 2), new UnitReport(3, 1, 0, 0, null), T0).State;

        Assert.Equal([1, 2], ChordDecider.Resume(running).SendUnits.Order());
        Assert.Empty(ChordDecider.Resume(running).CancelUnits);
        Assert.Equal([1, 2], ChordDecider.Resume(cancelling).CancelUnits.Order());
        Assert.True(ChordDecider.Resume(completing).StartBody);
        Assert.False(ChordDecider.Resume(completing).CancelBody);
        var bodyWhileCancelling = ChordDecider.Resume(ChordDecider.Cancel(completing).State);
        Assert.Equal((true, true), (bodyWhileCancelling.StartBody, bodyWhileCancelling.CancelBody)); // the cancel survives a crash
        Assert.Equal(ChordEffects.None, ChordDecider.Resume(new ChordState()));
    }

    [Fact]
    public void TheProbeSendsOnlySilentUnitsAndASilentDueBody()
    {
        var running = Report(Submitted().State, 0);

        var probe = ChordDecider.Probe(running, unit => unit == 2, bodySilent: true);

        Assert.Equal([2], probe.SendUnits);
        Assert.False(probe.StartBody); // the tasks are not done yet
    }

    [Fact]
    public void APurgeRecordsHowFarItGotAndThenTheChordsDeletionIsNext()
    {
        var running = Submitted().State; // 4 units
        var completing = ChordDecider.UnitReported(Report(running, 0, 1, 2), new UnitReport(3, 1, 0, 0, null), T0).State;
        var succeeded = ChordDecider.BodyReported(completing, new BodyReport(BodyStatus.Success, 1, "10", null), T0.AddMinutes(1)).State;
        var failed = ChordDecider.UnitReported(ChordDecider.UnitReported(running, OneFailed(running, 0), T0).State, Succeeded(running, 1), T0.AddMinutes(1)).State;

        var half = ChordDecider.UnitsPurged(succeeded, 2).State;
        var all = ChordDecider.UnitsPurged(half, 9).State;
        var failedPurged = ChordDecider.UnitsPurged(failed, 2).State;

        Assert.False(ChordDecider.UnitsPurged(running, 2).Changed); // only a finished chord is purged
        Assert.Equal((2, false), (half.PurgedUnits, half.Purged));
        Assert.False(ChordDecider.UnitsPurged(half, 1).Changed); // the cursor never goes back
        Assert.Equal((4, true), (all.PurgedUnits, all.Purged));
        Assert.False(ChordDecider.UnitsPurged(all, 4).Changed);
        Assert.Equal((2, true), (failedPurged.PurgedUnits, failedPurged.Purged)); // units 2 and 3 were never sent
        Assert.Equal((RetentionStep.PurgeRecords, T0.AddMinutes(11)), ChordDecider.NextRetention(failed, TimeSpan.FromMinutes(10), TimeSpan.FromDays(7)));
        Assert.Equal((RetentionStep.PurgeRecords, T0.AddMinutes(6)), ChordDecider.NextRetention(failed, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5)));
        Assert.Equal((RetentionStep.DeleteChord, T0.AddMinutes(1).AddDays(7)), ChordDecider.NextRetention(all, TimeSpan.FromMinutes(10), TimeSpan.FromDays(7)));
    }

    [Fact]
    public void TheSnapshotsCountsAddUpAndItsRateStopsWithTheLastTask()
    {
        var state = Report(Submitted().State, 0); // 3 succeeded; units 1 and 2 (6 tasks) in flight, unit 3 not sent
        var board = new UnitActivityBoard();
        board.Apply(new UnitActivity(1, 0, Queued: 1, Running: 2), state);
        board.Apply(new UnitActivity(2, 0, Queued: 3, Running: 0), state);
        board.Apply(new UnitActivity(3, 0, Queued: 1, Running: 0), state); // not in flight: not counted
        board.Apply(new UnitActivity(2, 1, Queued: 0, Running: 3), state); // another drive: not counted

        var snapshot = ChordSnapshots.Of("c", state, board.Queued, board.Running);
        var halfway = ChordSnapshots.WithRate(snapshot, T0.AddSeconds(2));

        Assert.Equal(new TaskCounts(10, 1, 2, 3, 0, 0) { Queued = 4 }, snapshot.Tasks);
        Assert.Equal(new TaskCounts(10, 7, 0, 3, 0, 0), ChordSnapshots.Of("c", state).Tasks); // before any unit said what it holds
        board.Follow(ChordDecider.UnitReported(state, Succeeded(state, 1), T0).State);
        Assert.Equal((3, 0), (board.Queued, board.Running)); // unit 1 reported: only unit 2's word is left
        Assert.Equal((1.5, 4.7), (halfway.TasksPerSecond, halfway.EtaSeconds));
        var done = ChordSnapshots.WithRate(snapshot with { TasksFinishedAt = T0.AddSeconds(3) }, T0.AddHours(1));
        Assert.Equal((1.0, (double?)null), (done.TasksPerSecond, done.EtaSeconds));
    }

    [Fact]
    public void ARedriveSendsEveryUnitAgainKeepsTheSucceededAndIgnoresReportsOfTheEarlierDrive()
    {
        var submitted = Submitted().State;
        var failed = ChordDecider.UnitReported(submitted, OneFailed(submitted, 0), T0).State;
        failed = ChordDecider.UnitReported(failed, Succeeded(failed, 1), T0).State; // settles: units 2 and 3 never sent

        var running = ChordDecider.Redrive(submitted, T0);
        var redriven = ChordDecider.Redrive(failed, T0.AddSeconds(1));
        var stale = ChordDecider.UnitReported(redriven.State, Succeeded(redriven.State, 0), T0);
        var rerun = ChordDecider.UnitReported(redriven.State, new UnitReport(0, 1, 0, 0, null, Generation: 1), T0);

        Assert.Equal(ChordStatus.Failed, failed.Status);
        Assert.False(running.Changed);
        Assert.Contains("running", ChordDecider.WhyNotRedrivable(submitted));
        Assert.Null(ChordDecider.WhyNotRedrivable(failed));
        Assert.Equal((ChordStatus.Running, 1, StopReason.None), (redriven.State.Status, redriven.State.Redrives, redriven.State.Stop));
        Assert.Equal([0, 1], redriven.Effects.SendUnits);
        Assert.Equal((5, 0, 0), (redriven.State.Succeeded, redriven.State.Failed, redriven.State.Cancelled)); // the succeeded stay
        Assert.Equal((BodyStatus.Pending, null, null), (redriven.State.BodyStatus, redriven.State.BodyError, redriven.State.FinishedAt));
        Assert.Empty(redriven.State.Failures);
        Assert.False(stale.Changed); // a report of the first drive
        Assert.Equal(6, rerun.State.Succeeded); // unit 0's failed task succeeded this time
        Assert.Equal([2], rerun.Effects.SendUnits); // and the next unit goes out in its place
    }

    [Fact]
    public void DuringARedriveTheTasksRunAgainArePendingOrHeldNeverFailedAndTheSucceededAreNotCountedTwice()
    {
        var submitted = Submitted().State;
        var failed = ChordDecider.UnitReported(submitted, OneFailed(submitted, 0), T0).State;
        failed = ChordDecider.UnitReported(failed, Succeeded(failed, 1), T0).State;
        var redriven = ChordDecider.Redrive(failed, T0).State; // units 0 and 1 in flight again; 5 succeeded kept
        var board = new UnitActivityBoard();

        var sent = ChordSnapshots.Of("c", redriven, board.Queued, board.Running).Tasks;
        board.Apply(new UnitActivity(0, 1, Queued: 0, Running: 1), redriven); // unit 0 runs its one failed task again
        board.Apply(new UnitActivity(1, 1, Queued: 0, Running: 0), redriven); // unit 1 has nothing to run
        var held = ChordSnapshots.Of("c", redriven, board.Queued, board.Running).Tasks;
        board.Apply(new UnitActivity(1, 1, Queued: 3, Running: 3), redriven); // a unit that says too much is held to what is open
        var overstated = ChordSnapshots.Of("c", redriven, board.Queued, board.Running).Tasks;

        Assert.Equal(new TaskCounts(10, 5, 0, 5, 0, 0), sent); // the failed one and the 4 never run: pending again
        Assert.Equal(new TaskCounts(10, 4, 1, 5, 0, 0), held);
        Assert.Equal(10, overstated.Pending + overstated.Queued + overstated.Running + overstated.Completed);
        Assert.True(overstated.Pending >= 0);
    }

    [Fact]
    public void AFailingChordResumedAfterACrashSendsItsUnitsWithTheirCancel()
    {
        var submitted = Submitted().State;
        var failing = ChordDecider.UnitReported(submitted, OneFailed(submitted, 0), T0).State; // unit 1 still in flight

        var resume = ChordDecider.Resume(failing);

        Assert.Equal(StopReason.TaskFailed, failing.Stop);
        Assert.Equal([1], resume.SendUnits);
        Assert.Equal([1], resume.CancelUnits);
    }

    [Fact]
    public void AChordWhoseCombinerFailedIsNotRedrivable()
    {
        var submitted = ChordDecider.Submit(new ChordLayout(4, 2, 2, 2, 3, "sum", BodyCombines: true), T0).State;
        var broken = ChordDecider.UnitReported(submitted, new UnitReport(0, 2, 0, 0, null, "1"), T0, (_, _) => throw new FormatException("bad")).State;
        broken = ChordDecider.UnitReported(broken, new UnitReport(1, 2, 0, 0, null, "1"), T0).State;

        Assert.Equal(ChordStatus.Failed, broken.Status);
        Assert.Contains("combiner failed", ChordDecider.WhyNotRedrivable(broken));
        Assert.False(ChordDecider.Redrive(broken, T0).Changed);
    }

    [Fact]
    public void AChordThatSucceededOrWasPurgedIsNotRedriven()
    {
        var done = Report(Submitted().State, 0, 1);
        done = Report(done, 2, 3);
        done = ChordDecider.BodyReported(done, new BodyReport(BodyStatus.Success, 1, "45", null), T0).State;
        var purged = done.Copy();
        purged.Status = ChordStatus.Failed;
        purged.PurgedUnits = 2;

        Assert.Equal(ChordStatus.Succeeded, done.Status);
        Assert.Contains("succeeded", ChordDecider.WhyNotRedrivable(done));
        Assert.Contains("purged", ChordDecider.WhyNotRedrivable(purged));
        Assert.False(ChordDecider.Redrive(purged, T0).Changed);
    }

    [Fact]
    public void ARedriveThatStopsEarlierStillPurgesEveryUnitAnEarlierDriveSent()
    {
        var submitted = Submitted().State;
        var state = Report(submitted, 0, 1);
        state = ChordDecider.UnitReported(state, OneFailed(state, 2), T0).State;
        state = Report(state, 3); // all four units sent; failed
        var redriven = ChordDecider.Redrive(state, T0).State;
        var failedAgain = ChordDecider.UnitReported(redriven, new UnitReport(0, 0, 1, 0, new TaskFailure(0, "fail", new TaskError("Boom", "again", 2)), Generation: 1), T0).State;
        failedAgain = ChordDecider.UnitReported(failedAgain, new UnitReport(1, 0, 0, 0, null, Generation: 1), T0).State;

        var partly = ChordDecider.UnitsPurged(failedAgain, 2);
        var whole = ChordDecider.UnitsPurged(partly.State, 4);

        Assert.Equal(ChordStatus.Failed, failedAgain.Status);
        Assert.Equal((2, 4), (failedAgain.NextUnit, failedAgain.UnitsWithRecords));
        Assert.False(partly.State.Purged); // units 2 and 3 still hold the first drive's records
        Assert.True(whole.State.Purged);
    }

    [Fact]
    public void AHeavyChordsWindowFollowsTheClustersHeavyCapacityWithinItsMaxConcurrency()
    {
        // 100 heavy tasks in units of 1, dispatch window 4: alone it would keep 4 in flight.
        var submitted = ChordDecider.Submit(new ChordLayout(100, 1, 100, 4, 3, "sum", HeavyPerUnit: 1), T0).State;
        var capped = submitted.Copy();
        capped.MaxConcurrency = 10;

        var grown = ChordDecider.FollowCapacity(submitted, heavySlots: 20, dispatchWindow: 4); // 10 silos, K = 2
        var same = ChordDecider.FollowCapacity(grown.State, heavySlots: 20, dispatchWindow: 4);
        var shrunk = ChordDecider.FollowCapacity(grown.State, heavySlots: 2, dispatchWindow: 4);
        var withinCap = ChordDecider.FollowCapacity(capped, heavySlots: 20, dispatchWindow: 4);
        var light = ChordDecider.FollowCapacity(ChordDecider.Submit(new ChordLayout(100, 10, 10, 4, 3, "sum"), T0).State, 20, 4);

        Assert.Equal(40, grown.State.Window); // two units per permit: one running, one queued behind it
        Assert.Equal(36, grown.Effects.SendUnits.Count);
        Assert.False(same.Changed);
        Assert.Equal((4, 0), (shrunk.State.Window, shrunk.Effects.SendUnits.Count)); // never below the dispatch window; in flight go on
        Assert.Equal(10, withinCap.State.Window);
        Assert.False(light.Changed); // light chords keep the dispatch window
        Assert.Equal(80, ChordPlan.WindowFor(1, null, heavyPerUnit: 1, heavySlots: 40, dispatchWindow: 32));
        Assert.Equal(32, ChordPlan.WindowFor(512, null, heavyPerUnit: 0, heavySlots: 40, dispatchWindow: 32));
    }

    [Fact]
    public void AMergeThatThrowsFailsTheChordFastWithoutTheBody()
    {
        var submitted = ChordDecider.Submit(new ChordLayout(10, 3, 4, 2, 3, "sum", BodyCombines: true), T0).State;
        string? Throwing(string? left, string? right) => throw new FormatException("not a number");

        var failing = ChordDecider.UnitReported(submitted, new UnitReport(0, 3, 0, 0, null, Partial: "3"), T0, Throwing);
        var settled = ChordDecider.UnitReported(failing.State, new UnitReport(1, 3, 0, 0, null, Partial: "3"), T0, Throwing);

        Assert.Equal(StopReason.CombinerFailed, failing.State.Stop);
        Assert.Equal([1], failing.Effects.CancelUnits); // fail fast
        Assert.False(settled.Effects.StartBody);
        Assert.Equal((ChordStatus.Failed, BodyStatus.Failure), (settled.State.Status, settled.State.BodyStatus));
        Assert.Contains("merging unit 0: FormatException: not a number", settled.State.BodyError!.Message, StringComparison.Ordinal);
    }
}
