using Chord.Grains.Tasks;
using CsCheck;

namespace Chord.Tests.Core;

/// <summary>The unit's rules without a cluster: what a run keeps and runs, attempt numbers after lost runs, WorkerLost.</summary>
public sealed class UnitLedgerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static UnitSpec Spec(int size, int generation = 0) =>
        new("c", 0, [.. Enumerable.Range(0, size).Select(i => new TaskItem(i, "sleep", null))], 3, Generation: generation);

    private static TaskPlan[] Plan(UnitSpec spec, UnitState state, int maxAttempts = 3, Dictionary<int, TaskRecord>? earlier = null) =>
        UnitLedger.Plan(spec, state, earlier, _ => maxAttempts);

    [Fact]
    public void ALostRunChargesOnlyTheTasksThatHadStarted()
    {
        var spec = Spec(4);
        var state = new UnitState();
        var run = new HashSet<int>();
        UnitLedger.Start(state, 0, 0, 4, run);
        UnitLedger.Start(state, 0, 2, 4, run); // tasks 1 and 3 were still queued for a permit when the silo died

        var next = Plan(spec, state);

        Assert.Equal([2, 1, 2, 1], next.Select(p => p.FirstAttempt));
        Assert.Equal([1, 0, 1, 0], next.Select(p => p.LostRuns));
        Assert.All(next, p => Assert.Equal(TaskPlanKind.Run, p.Kind));
    }

    [Fact]
    public void ATaskWhoseAttemptsWereAllLostFailsWorkerLostAndTheOthersRun()
    {
        var spec = Spec(2);
        var state = new UnitState();
        UnitLedger.Start(state, 0, 0, 2, new HashSet<int>()); // one lost run started task 0

        var next = Plan(spec, state, maxAttempts: 1);

        Assert.Equal((TaskPlanKind.Lost, 1), (next[0].Kind, next[0].LastAttempt));
        Assert.Equal((TaskPlanKind.Run, 1, 1), (next[1].Kind, next[1].FirstAttempt, next[1].LastAttempt));
    }

    [Fact]
    public void AStartToldTwiceInOneRunMarksOnceAndAHandBackOrTheRecordsTakeTheMarksBack()
    {
        var state = new UnitState();
        var run = new HashSet<int>();

        var first = UnitLedger.Start(state, 0, 1, 3, run);
        var again = UnitLedger.Start(state, 0, 1, 3, run);
        var handedBack = UnitLedger.HandBack(state, 0, run);
        var afterHandBack = Plan(Spec(3), state);
        UnitLedger.Start(state, 0, 1, 3, new HashSet<int>());
        UnitLedger.Recorded(state);

        Assert.True(first);
        Assert.False(again);
        Assert.True(handedBack);
        Assert.All(afterHandBack, p => Assert.Equal(1, p.FirstAttempt));
        Assert.All(Plan(Spec(3), state), p => Assert.Equal(0, p.LostRuns));
    }

    [Fact]
    public void MarksOfAnotherDriveChargeNothingAndARedriveGoesOnFromTheEarlierAttempts()
    {
        var state = new UnitState();
        UnitLedger.Start(state, 0, 0, 2, new HashSet<int>()); // drive 0 lost a run
        var earlier = new Dictionary<int, TaskRecord>
        {
            [0] = new() { Index = 0, State = TaskOutcome.Failed, Attempts = 3 },
            [1] = new() { Index = 1, State = TaskOutcome.Succeeded, Attempts = 1, Result = "1" },
        };

        var redrive = Plan(Spec(2, generation: 1), state, earlier: earlier);

        Assert.Equal((TaskPlanKind.Run, 0, 4, 6), (redrive[0].Kind, redrive[0].LostRuns, redrive[0].FirstAttempt, redrive[0].LastAttempt));
        Assert.Equal(TaskPlanKind.Keep, redrive[1].Kind);
    }

    [Fact]
    public void AStateOfThePreviousReleaseChargesEveryTaskUntilARunOfThisOneUpgradesIt()
    {
        var state = new UnitState { RunsStarted = 2, RunsGeneration = 0 };

        var before = Plan(Spec(3), state, maxAttempts: 5);
        UnitLedger.Start(state, 0, 1, 3, new HashSet<int>());
        var after = Plan(Spec(3), state, maxAttempts: 5);

        Assert.All(before, p => Assert.Equal(2, p.LostRuns));
        Assert.Equal([2, 3, 2], after.Select(p => p.LostRuns));
        Assert.Equal(0, state.RunsStarted);
    }

    [Fact]
    public void TheReportCountsWhatRanAndLeavesOutWhatWasKept()
    {
        var spec = Spec(3, generation: 1);
        TaskRecord[] records =
        [
            new() { Index = 0, State = TaskOutcome.Succeeded, Attempts = 1 },
            new() { Index = 1, State = TaskOutcome.Failed, Attempts = 2, Error = new TaskError("Boom", "no", 2, "trace") },
            new() { Index = 2, State = TaskOutcome.Cancelled, Attempts = 0, Error = new TaskError("Cancelled", "x", 0) },
        ];

        var report = UnitLedger.Report(spec, records, kept: [true, false, false]);

        Assert.Equal((0, 1, 1, 1), (report.Succeeded, report.Failed, report.Cancelled, report.Generation));
        Assert.Null(Assert.Single(report.Failures!).Error.StackTrace); // the chord keeps failures without their traces
    }

    /// <summary>
    /// Random lives of one unit: runs that are lost with their silo, handed back by a clean stop, recorded, or told to
    /// start twice, and redrives. A task is charged exactly one attempt per lost run that started it, never for a
    /// hand-back or a queued wait; it fails WorkerLost exactly when those reach its attempts; a record or a redrive
    /// leaves nothing charged.
    /// </summary>
    [Fact]
    public void EveryLifeChargesExactlyTheLostRunsThatStartedEachTask()
    {
        var lives = from size in Gen.Int[1, 6] from maxAttempts in Gen.Int[1, 4] from steps in Gen.Int[0, 9_999].Array[1, 60] select (size, maxAttempts, steps);
        lives.Sample(life =>
        {
            var (size, maxAttempts, steps) = life;
            var state = new UnitState();
            var generation = 0;
            var lostStarts = new int[size]; // the model: lost runs of this drive that started each task
            foreach (var step in steps)
            {
                var plans = UnitLedger.Plan(Spec(size, generation), state, null, _ => maxAttempts);
                for (var position = 0; position < size; position++)
                {
                    var expectedLost = lostStarts[position] >= maxAttempts;
                    Assert.Equal(lostStarts[position], plans[position].LostRuns);
                    Assert.Equal(expectedLost ? TaskPlanKind.Lost : TaskPlanKind.Run, plans[position].Kind);
                    Assert.Equal(expectedLost ? lostStarts[position] : lostStarts[position] + 1, plans[position].FirstAttempt);
                }

                // This run starts some of the tasks it runs (the others stay queued), some told twice.
                var run = new HashSet<int>();
                for (var position = 0; position < size; position++)
                {
                    if (plans[position].Kind is TaskPlanKind.Run && (step >> position & 1) == 1)
                    {
                        Assert.True(UnitLedger.Start(state, generation, position, size, run));
                        Assert.False(UnitLedger.Start(state, generation, position, size, run));
                    }
                }

                switch (step % 5)
                {
                    case 0 or 1: // the silo dies: every task this run started is charged
                        foreach (var position in run)
                        {
                            lostStarts[position]++;
                        }

                        break;
                    case 2: // a clean stop hands the run back
                        UnitLedger.HandBack(state, generation, run);
                        break;
                    case 3: // the records are written
                        UnitLedger.Recorded(state);
                        Array.Clear(lostStarts);
                        break;
                    default: // a redrive: a new drive, whose marks start afresh
                        generation++;
                        Array.Clear(lostStarts);
                        break;
                }
            }
        }, iter: 1_000);
    }
}
