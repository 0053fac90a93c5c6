using Chord.Grains.Body;
using Chord.Grains.Chords;
using Chord.Grains.Tasks;
using CsCheck;

namespace Chord.Tests.Core;

/// <summary>
/// The chord's whole life driven by random histories, on top of what <see cref="ChordDeciderPropertyTests"/> plays:
/// redrives, PATCHed windows and priorities, capacity changes, tolerated failures, a combining body (whose merge may
/// throw), body retries and failures, purges, restarts, and units telling what they hold (late, stale or wrong).
/// The model keeps every task's truth. At every step the counts add up to the total, none is negative, succeeded
/// never goes back, failed and cancelled go back only when a redrive runs those tasks again, the counts match the
/// model exactly, the combined value is the merge of exactly the counted successes, and the body starts only once
/// per drive and only after every task of it is final.
/// </summary>
public sealed class ChordLifecyclePropertyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static readonly Gen<(ChordLayout Layout, int[] Choices)> Histories =
        from total in Gen.Int[0, 120]
        from unitSize in Gen.Int[1, 12]
        from window in Gen.Int[1, 5]
        from tolerated in Gen.Int[-1, 4]
        from choices in Gen.Int[0, 9_999].Array[0, 500]
        select (new ChordLayout(total, unitSize, (total + unitSize - 1) / unitSize, window, 3, "sum", BodyCombines: true, ToleratedFailures: tolerated < 0 ? null : tolerated), choices);

    [Fact]
    public void EveryLifeKeepsTheCountsExact() =>
        Histories.Sample(history => new Life(history.Layout).Play(history.Choices), iter: 1_500);

    /// <summary>A combiner that counts successes: a unit's partial is how many of its tasks succeeded; it fails on a partial of "13".</summary>
    private static string? Merge(string? left, string? right) =>
        right == "13" ? throw new InvalidOperationException("unlucky") : (Count(left) + Count(right)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static int Count(string? partial) => partial is null or "null" ? 0 : int.Parse(partial, System.Globalization.CultureInfo.InvariantCulture);

    private enum Truth
    {
        NotRun,
        Succeeded,
        Failed,
        Cancelled,
    }

    private sealed class Life
    {
        private readonly ChordLayout _layout;
        private readonly Truth[] _truth;
        private readonly List<int> _outstanding = [];
        private readonly Dictionary<(int Unit, int Generation), UnitReport> _reported = [];
        private readonly HashSet<(int Unit, int Generation)> _sent = [];
        private readonly UnitActivityBoard _board = new();
        private ChordState _state = new();
        private DateTimeOffset _now = T0;
        private int _bodyStartsThisDrive;
        private int _bodyAttempts;
        private int _maxSucceeded;
        private bool _combinerFailed;

        public Life(ChordLayout layout)
        {
            _layout = layout;
            _truth = new Truth[layout.Total];
            var submit = ChordDecider.Submit(layout, _now);
            Apply(submit, redrive: false);
        }

        public void Play(int[] choices)
        {
            // Three drives at most: each plays a third of the history, then the world settles, and a chord that
            // ended failed or cancelled is redriven.
            var third = (choices.Length + 2) / 3;
            for (var drive = 0; drive < 3; drive++)
            {
                foreach (var choice in choices.Skip(drive * third).Take(third))
                {
                    Step(choice);
                }

                Settle();
                if (drive < 2 && ChordDecider.WhyNotRedrivable(_state) is null)
                {
                    Apply(ChordDecider.Redrive(_state, _now), redrive: true);
                }
            }

            Settle();
            Assert.Equal(_layout.Total, _state.Completed);
        }

        /// <summary>Every unit reports, a due body succeeds.</summary>
        private void Settle()
        {
            for (var guard = 0; guard < 10_000 && (_outstanding.Count > 0 || ChordDecider.BodyDue(_state)); guard++)
            {
                if (_outstanding.Count > 0)
                {
                    Report(_outstanding[0], guard);
                }
                else
                {
                    Apply(ChordDecider.BodyReported(_state, new BodyReport(BodyStatus.Success, ++_bodyAttempts, "0", null, _state.Redrives), _now), redrive: false);
                }
            }

            Assert.True(_state.IsFinal, $"not final once the world settled: {_state.Status}");
        }

        private void Step(int choice)
        {
            _now = _now.AddMilliseconds(choice % 5);
            var pick = choice / 20;
            switch (choice % 20)
            {
                case < 7 when _outstanding.Count > 0:
                    Report(_outstanding[pick % _outstanding.Count], choice);
                    break;
                case 7 when _reported.Count > 0:
                    // The same report again, or one of an earlier drive arriving late.
                    var again = _reported.Values.ElementAt(pick % _reported.Count);
                    Apply(ChordDecider.UnitReported(_state, again, _now, Merge), redrive: false, expectChange: false);
                    break;
                case 8 or 9 when _layout.UnitCount > 0:
                    // A unit says what it holds: often the truth, sometimes stale, of another drive, or nonsense.
                    var unit = pick % _layout.UnitCount;
                    var generation = choice % 3 == 0 ? _state.Redrives - 1 : _state.Redrives;
                    _board.Apply(new UnitActivity(unit, generation, (pick / 7 % 9) - 1, (pick / 63 % 9) - 1), _state);
                    Check();
                    break;
                case 10 when pick % 4 == 0:
                    Apply(ChordDecider.Cancel(_state), redrive: false);
                    break;
                case 11:
                    Apply(ChordDecider.Reconfigure(_state, pick % 3 == 0 ? null : 1 + (pick % 40), (ChordPriority)(pick % 3), 4), redrive: false);
                    break;
                case 12:
                    Apply(ChordDecider.FollowCapacity(_state, pick % 12, 4), redrive: false);
                    break;
                case 13:
                    // A restart: the new activation's board is empty; it sends again what is in flight.
                    _board.Follow(new ChordState { Exists = true, Status = ChordStatus.Cancelled });
                    var resume = ChordDecider.Resume(_state);
                    Assert.Equal(_state.IsFinal ? [] : _state.InFlight.Order(), resume.SendUnits.Order());
                    Check();
                    break;
                case 14 or 15 when ChordDecider.BodyDue(_state):
                    var status = (pick % 4) switch
                    {
                        0 => BodyStatus.Started,
                        1 => BodyStatus.Retry,
                        2 => BodyStatus.Failure,
                        _ => BodyStatus.Success,
                    };
                    var error = status is BodyStatus.Success or BodyStatus.Started ? null : new TaskError("Boom", "body failed", _bodyAttempts + 1);
                    Apply(ChordDecider.BodyReported(_state, new BodyReport(status, ++_bodyAttempts, status is BodyStatus.Success ? "1" : null, error, _state.Redrives), _now), redrive: false);
                    break;
                case 16 when _state.IsFinal:
                    var why = ChordDecider.WhyNotRedrivable(_state);
                    Assert.Equal(_state.Status is ChordStatus.Succeeded || _state.Purged || _state.PurgedUnits > 0 || _combinerFailed, why is not null);
                    Apply(ChordDecider.Redrive(_state, _now), redrive: true);
                    break;
                case 17 when _state.IsFinal && pick % 40 == 0:
                    Apply(ChordDecider.UnitsPurged(_state, 1 + (pick % Math.Max(1, _layout.UnitCount))), redrive: false);
                    break;
            }
        }

        /// <summary>Unit <paramref name="unit"/> reports the tasks it ran in this drive: those that had not succeeded.</summary>
        private void Report(int unit, int choice)
        {
            _outstanding.Remove(unit);
            int succeeded = 0, failed = 0, cancelled = 0;
            var failures = new List<TaskFailure>();
            var first = unit * _layout.UnitSize;
            for (var index = first; index < first + _state.SizeOfUnit(unit); index++)
            {
                if (_truth[index] is Truth.Succeeded)
                {
                    continue;
                }

                var outcome = _state.Stop is StopReason.CancelRequested ? Truth.Cancelled
                    : (choice + index) % 11 == 3 ? Truth.Failed
                    : Truth.Succeeded;
                _truth[index] = outcome;
                switch (outcome)
                {
                    case Truth.Succeeded: succeeded++; break;
                    case Truth.Failed:
                        failed++;
                        failures.Add(new TaskFailure(index, "fail", new TaskError("Boom", "no", 1)));
                        break;
                    default: cancelled++; break;
                }
            }

            var partial = choice % 97 == 13 ? "13" : succeeded.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var report = new UnitReport(unit, succeeded, failed, cancelled, failures.FirstOrDefault(), partial, failures.Count > 0 ? [.. failures] : null, _state.Redrives);
            _reported[(unit, _state.Redrives)] = report;
            Apply(ChordDecider.UnitReported(_state, report, _now, Merge), redrive: false, expectChange: true);
        }

        private void Apply(ChordDecision decision, bool redrive, bool? expectChange = null)
        {
            var before = _state;
            if (expectChange is { } expected)
            {
                Assert.Equal(expected, decision.Changed);
            }

            _state = decision.State;
            Assert.Equal(decision.Changed ? before.Version + 1 : before.Version, _state.Version);
            if (!(redrive && decision.Changed))
            {
                Assert.True(_state.Failed >= before.Failed && _state.Cancelled >= before.Cancelled, "failed or cancelled went back without a redrive");
            }
            else
            {
                // The redriven tasks run again: their earlier outcomes no longer count, and the body runs again once.
                for (var index = 0; index < _truth.Length; index++)
                {
                    _truth[index] = _truth[index] is Truth.Succeeded ? Truth.Succeeded : Truth.NotRun;
                }

                _bodyStartsThisDrive = 0;
            }

            if (_state.CombinerError is not null)
            {
                _combinerFailed = true;
            }

            foreach (var unit in decision.Effects.SendUnits)
            {
                Assert.True(_sent.Add((unit, _state.Redrives)), $"unit {unit} sent twice in drive {_state.Redrives}");
                Assert.True(_state.Stop is StopReason.None, "a unit was sent after dispatch stopped");
                _outstanding.Add(unit);
            }

            if (decision.Effects.SendUnits.Count > 0)
            {
                Assert.True(_state.InFlight.Count <= _state.Window, "units were sent beyond the window");
            }

            if (decision.Effects.StartBody)
            {
                _bodyStartsThisDrive++;
                Assert.Equal(1, _bodyStartsThisDrive);
                Assert.Equal(_layout.Total, _state.Succeeded + _state.Failed);
                Assert.All(_truth, truth => Assert.True(truth is Truth.Succeeded or Truth.Failed, "the body started before every task was final"));
            }

            _board.Follow(_state);
            Check();
        }

        /// <summary>What must hold at every read.</summary>
        private void Check()
        {
            var counts = ChordSnapshots.Of("c", _state, _board.Queued, _board.Running).Tasks;
            Assert.True(counts is { Pending: >= 0, Queued: >= 0, Running: >= 0, Succeeded: >= 0, Failed: >= 0, Cancelled: >= 0 }, $"a negative count: {counts}");
            Assert.Equal(_layout.Total, counts.Pending + counts.Queued + counts.Running + counts.Succeeded + counts.Failed + counts.Cancelled);
            Assert.True(counts.Succeeded >= _maxSucceeded, $"succeeded went back: {counts.Succeeded} < {_maxSucceeded}");
            _maxSucceeded = counts.Succeeded;

            // Exact: the chord counts what the model's tasks did (tasks never sent count as cancelled once settled).
            Assert.Equal(_truth.Count(t => t is Truth.Succeeded), _state.Succeeded);
            Assert.Equal(_truth.Count(t => t is Truth.Failed), _state.Failed);
            if (_state.TasksFinishedAt is null)
            {
                Assert.Equal(_truth.Count(t => t is Truth.Cancelled), _state.Cancelled);
            }

            if (!_combinerFailed && _state.Combined is { } combined)
            {
                Assert.Equal(_state.Succeeded.ToString(System.Globalization.CultureInfo.InvariantCulture), combined == "null" ? "0" : combined);
            }

            Assert.Equal(_state.IsFinal || _state.InFlight.Count == 0 ? 0 : _board.Queued + _board.Running, _board.Queued + _board.Running);
        }
    }
}
