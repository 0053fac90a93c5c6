using Chord.Grains.Body;
using Chord.Grains.Chords;
using Chord.Grains.Tasks;
using CsCheck;

namespace Chord.Tests.Core;

/// <summary>
/// The chord's rules driven by random histories (CsCheck shrinks a failing one to a short example): reports in any
/// order, repeated, late or for units never sent, cancels and restarts anywhere. Whatever happens, each task counts
/// once, counts never go back, the body starts once and only after every task is final, and a cancel or a failure
/// stops dispatch.
/// </summary>
public sealed class ChordDeciderPropertyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static readonly Gen<(ChordLayout Layout, int[] Choices)> Histories =
        from total in Gen.Int[1, 200]
        from unitSize in Gen.Int[1, 16]
        from window in Gen.Int[1, 6]
        from choices in Gen.Int[0, 999].Array[0, 400]
        select (new ChordLayout(total, unitSize, (total + unitSize - 1) / unitSize, window, 3, "sum"), choices);

    [Fact]
    public void EveryHistoryKeepsTheInvariants() =>
        Histories.Sample(history => new Run(history.Layout).Play(history.Choices), iter: 2_000);

    /// <summary>One chord and the world around it: units sent, their reports, the body.</summary>
    private sealed class Run
    {
        private readonly ChordLayout _layout;
        private readonly List<int> _outstanding = [];
        private readonly Dictionary<int, UnitReport> _reported = [];
        private readonly HashSet<int> _everSent = [];
        private ChordState _state;
        private int _bodyStarts;
        private int _expectedSucceeded;
        private int _expectedFailed;
        private int _expectedCancelledByUnits;
        private bool _cancelled;
        private DateTimeOffset _now = T0;

        public Run(ChordLayout layout)
        {
            _layout = layout;
            var submit = ChordDecider.Submit(layout, _now);
            _state = submit.State;
            Assert.Equal(Math.Min(layout.Window, layout.UnitCount), submit.Effects.SendUnits.Count);
            Sent(submit.Effects, stopped: false);
        }

        public void Play(int[] choices)
        {
            foreach (var choice in choices)
            {
                Step(choice);
            }

            // Then the world settles: every outstanding unit reports, and a started body succeeds.
            while (_outstanding.Count > 0)
            {
                Step(0);
            }

            if (ChordDecider.BodyDue(_state))
            {
                Apply(ChordDecider.BodyReported(_state, new BodyReport(BodyStatus.Success, 1, "0", null), _now));
            }

            Assert.True(_state.IsFinal, $"not final after every unit reported: {_state.Status}");
            Assert.Equal(_layout.Total, _state.Completed);
            Assert.Equal((_expectedSucceeded, _expectedFailed), (_state.Succeeded, _state.Failed));
            var dispatchStopped = _cancelled || _expectedFailed > 0;
            Assert.Equal(dispatchStopped ? 0 : 1, _bodyStarts);
            Assert.Equal(dispatchStopped ? _layout.Total - _expectedSucceeded - _expectedFailed : 0, _state.Cancelled);
            Assert.Equal(_layout.Total - _expectedSucceeded - _expectedFailed - _expectedCancelledByUnits, NeverSentTasks());
        }

        private void Step(int choice)
        {
            _now = _now.AddMilliseconds(choice % 7);
            switch (choice % 10)
            {
                case < 6 when _outstanding.Count > 0:
                    var unit = _outstanding[choice / 10 % _outstanding.Count];
                    _outstanding.Remove(unit);
                    Report(Outcome(unit, choice));
                    break;
                case 6 when _reported.Count > 0:
                    Report(_reported.Values.ElementAt(choice / 10 % _reported.Count)); // the same report again
                    break;
                case 7 when !_state.InFlight.Contains(choice / 10 % (_layout.UnitCount + 2)):
                    Report(new UnitReport(choice / 10 % (_layout.UnitCount + 2), 1, 0, 0, null)); // not sent yet, done, or out of range
                    break;
                case 8 when choice % 100 == 8:
                    var cancel = ChordDecider.Cancel(_state);
                    _cancelled |= cancel.Changed && _state.TasksFinishedAt is null; // a cancel after the tasks only reaches the body
                    Apply(cancel);
                    break;
                case 9:
                    // A restart: the new activation sends again what was in flight, and the body if it is due (the same
                    // body: the body grain runs to one recorded outcome, so this is no second start).
                    var resume = ChordDecider.Resume(_state);
                    Assert.Equal(_state.InFlight.Order(), resume.SendUnits.Order());
                    Assert.Equal(ChordDecider.BodyDue(_state), resume.StartBody);
                    break;
            }
        }

        /// <summary>What a unit's tasks did: all succeeded, one failed, or (once cancelled) all cancelled.</summary>
        private UnitReport Outcome(int unit, int choice)
        {
            var size = _state.SizeOfUnit(unit);
            if (_cancelled)
            {
                return new UnitReport(unit, 0, 0, size, null);
            }

            return choice % 97 == 1
                ? new UnitReport(unit, size - 1, 1, 0, new TaskFailure(unit * _layout.UnitSize, "fail", new TaskError("Boom", "no", 3)))
                : new UnitReport(unit, size, 0, 0, null);
        }

        private void Report(UnitReport report)
        {
            var counts = !_reported.ContainsKey(report.UnitIndex) && _state.InFlight.Contains(report.UnitIndex);
            var decision = ChordDecider.UnitReported(_state, report, _now);
            Assert.Equal(counts, decision.Changed);
            if (counts)
            {
                _reported[report.UnitIndex] = report;
                _expectedSucceeded += report.Succeeded;
                _expectedFailed += report.Failed;
                _expectedCancelledByUnits += report.Cancelled;
            }

            Apply(decision);
        }

        private void Apply(ChordDecision decision)
        {
            var before = _state;
            var version = before.Version;
            var (succeeded, failed, cancelled) = (before.Succeeded, before.Failed, before.Cancelled);
            _state = decision.State;

            Assert.Equal((version, succeeded, failed, cancelled), (before.Version, before.Succeeded, before.Failed, before.Cancelled)); // input untouched
            Assert.Equal(decision.Changed ? version + 1 : version, _state.Version);
            Assert.True(_state.Succeeded >= succeeded && _state.Failed >= failed && _state.Cancelled >= cancelled, "a count went back");
            Assert.True(_state.Completed <= _layout.Total, $"{_state.Completed} of {_layout.Total} tasks counted");
            var snapshot = ChordSnapshots.Of("c", _state).Tasks;
            Assert.True(snapshot.Pending >= 0 && snapshot.Running >= 0, $"negative count in {snapshot}");
            Assert.Equal(_layout.Total, snapshot.Pending + snapshot.Running + snapshot.Completed);

            if (decision.Effects.StartBody)
            {
                _bodyStarts++;
                Assert.Equal(_layout.Total, _state.Succeeded);
                Assert.NotNull(_state.TasksFinishedAt);
            }

            Sent(decision.Effects, stopped: before.Stop is not StopReason.None);
        }

        private void Sent(ChordEffects effects, bool stopped)
        {
            Assert.True(effects.SendUnits.Count == 0 || !stopped, "a unit was sent after dispatch stopped");
            foreach (var unit in effects.SendUnits)
            {
                Assert.True(_everSent.Add(unit), $"unit {unit} sent twice");
                Assert.InRange(unit, 0, _layout.UnitCount - 1);
                _outstanding.Add(unit);
            }

            Assert.True(_state.InFlight.Count <= _layout.Window, "the window overflowed");
        }

        private int NeverSentTasks()
        {
            var sentTasks = _everSent.Sum(_state.SizeOfUnit);
            return _layout.Total - sentTasks;
        }
    }
}
