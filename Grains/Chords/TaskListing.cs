using Chord.Grains.Tasks;
namespace Chord.Grains.Chords;

/// <summary>
/// Pages through a chord's tasks without touching more than a page's worth of them. Where a task is follows from
/// the chord's O(window) state: units from <see cref="ChordState.NextUnit"/> on were never sent (pending, or
/// cancelled once the tasks settled) unless an earlier drive sent them; a unit in flight says which of its tasks it
/// holds (queued or running; the others are pending, or succeeded in an earlier drive); and the others
/// hold their records in their task grain, read a stored page at a time. A filtered page reads at most <see cref="MaxUnitsRead"/> pages of
/// recorded units, and records of at most about <see cref="BudgetBytes"/> (those it filters out count too: they were
/// in memory), then says where to go on. So a listing holds at most its budget, whatever the chord and its results.
/// </summary>
internal sealed class TaskListing
{
    /// <summary>Pages of recorded units one listing may read; this bounds its cost whatever the chord's size.</summary>
    public const int MaxUnitsRead = 64;

    /// <summary>The largest page a caller may ask for.</summary>
    public const int MaxLimit = 10_000;

    /// <summary>About the most the records a listing reads may weigh: what it holds, and so its answer, stay bounded.</summary>
    public const int BudgetBytes = UnitPages.MaxBytes;

    // Finished units whose first page is read ahead at once; each read asks for its share of what is left of the budget.
    private const int Prefetch = 4;

    private readonly ChordSpec _spec;
    private readonly DispatchView _view;
    private readonly Func<int, int, int, Task<TaskRecord[]>> _readPage;
    private readonly Func<int, Task<LiveTask[]>> _readLive;
    private readonly Dictionary<int, Task<TaskRecord[]>> _firstPages = [];
    private long _spent;

    /// <param name="spec">The chord's spec (for the handler names).</param>
    /// <param name="view">Where dispatch stood at the last recorded change.</param>
    /// <param name="readPage">Reads a page of a finished unit's records: unit, the position in it to start from, and about the most the page may weigh (at least one record comes back while any is left).</param>
    /// <param name="readLive">Reads the tasks a running unit holds now (queued or running) and their latest heartbeats.</param>
    public TaskListing(ChordSpec spec, DispatchView view, Func<int, int, int, Task<TaskRecord[]>> readPage, Func<int, Task<LiveTask[]>> readLive)
    {
        _spec = spec;
        _view = view;
        _readPage = readPage;
        _readLive = readLive;
    }

    /// <summary>Throws <see cref="ChordValidationException"/> naming each bad field of <paramref name="query"/>.</summary>
    public static void EnsureValid(TaskQuery query)
    {
        var errors = new Dictionary<string, string[]>();
        if (query.Limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"limit must be between 1 and {MaxLimit}."];
        }

        if (query.Offset < 0)
        {
            errors["offset"] = ["offset must be 0 or more."];
        }

        if (query.Phase is { } phase && !Enum.IsDefined(phase))
        {
            errors["state"] = [$"'{phase}' is not a task state."];
        }

        if (errors.Count > 0)
        {
            throw new ChordValidationException(errors);
        }
    }

    public async Task<(List<TaskEntry> Items, int? Next)> ReadAsync(TaskQuery query)
    {
        var (total, unitSize, nextUnit) = (_view.Total, _view.UnitSize, _view.NextUnit);
        var items = new List<TaskEntry>(Math.Min(query.Limit, 1024));
        var index = query.Offset;
        var unitsRead = 0;
        bool Full() => items.Count == query.Limit || _spent >= BudgetBytes;
        while (!Full() && index < total)
        {
            var unit = index / unitSize;
            var unitEnd = Math.Min((unit + 1) * unitSize, total);
            var earlierDrive = unit >= nextUnit && unit < _view.UnitsWithRecords;
            if (_view.InFlight.Contains(unit))
            {
                index = await ListInFlightAsync(unit, index, unitEnd, query, items);
                continue;
            }

            if (unit >= nextUnit && !earlierDrive)
            {
                var phase = _view.Settled ? TaskPhase.Cancelled : TaskPhase.Pending;
                if (query.Phase is null || query.Phase == phase)
                {
                    for (; index < unitEnd && items.Count < query.Limit; index++)
                    {
                        items.Add(new TaskEntry { Index = index, Handler = HandlerOf(index), Phase = phase });
                    }
                }
                else
                {
                    index = total; // every unit after NextUnit is alike
                }

                continue;
            }

            if ((query.Phase is TaskPhase.Pending && !earlierDrive) || query.Phase is TaskPhase.Running or TaskPhase.Queued)
            {
                // Finished units hold only final tasks: go straight to the next unit that can match.
                index = query.Phase is TaskPhase.Pending ? Math.Max(nextUnit * unitSize, unitEnd) : NextInFlightStart(unit);
                continue;
            }

            if (unitsRead == MaxUnitsRead)
            {
                break;
            }

            unitsRead++;
            var wanted = query.Phase is null ? query.Limit - items.Count : int.MaxValue;
            var records = await PageOf(unit, index - (unit * unitSize), unitsRead, wanted);
            var from = index;
            foreach (var record in records)
            {
                _spent += record.ApproximateBytes; // read, so held, whether it is listed or not
            }

            foreach (var record in records)
            {
                if (record.Index < index)
                {
                    continue;
                }

                if (items.Count == query.Limit)
                {
                    break;
                }

                var phase = earlierDrive && record.State is not TaskOutcome.Succeeded
                    ? (_view.Settled ? TaskPhase.Cancelled : TaskPhase.Pending) // to run again in this drive, or not run in it
                    : PhaseOf(record.State);
                if (query.Phase is null || query.Phase == phase)
                {
                    items.Add(Entry(record, phase));
                }

                index = record.Index + 1;
            }

            if (!Full() && index == from)
            {
                index = unitEnd; // nothing (more) recorded in this unit
            }
        }

        return (items, index < total ? index : null);
    }

    /// <summary>
    /// Lists the tasks of in-flight <paramref name="unit"/> from <paramref name="index"/> on as its run holds them:
    /// queued or running as it says, succeeded when an earlier drive recorded them so (the unit keeps those), pending
    /// otherwise (not taken in yet). Returns where to go on.
    /// </summary>
    private async Task<int> ListInFlightAsync(int unit, int index, int unitEnd, TaskQuery query, List<TaskEntry> items)
    {
        var live = await LiveTasksOf(unit);
        var recordedBefore = unit < _view.UnitsWithRecords;
        for (; index < unitEnd && items.Count < query.Limit; index++)
        {
            var entry = live?.GetValueOrDefault(index);
            // A run takes in every task it runs at once, so one it does not hold was kept from an earlier drive
            // (those that succeeded); before it says anything, the unit's tasks read as pending.
            var phase = entry?.Phase ?? (live is not null && recordedBefore ? TaskPhase.Succeeded : TaskPhase.Pending);

            if (query.Phase is null || query.Phase == phase)
            {
                items.Add(new TaskEntry
                {
                    Index = index,
                    Handler = HandlerOf(index),
                    Phase = phase,
                    QueuedAt = entry?.QueuedAt,
                    StartedAt = entry?.StartedAt,
                    Heartbeat = entry?.Heartbeat,
                    HeartbeatAt = entry?.HeartbeatAt,
                });
            }
        }

        return index;
    }

    /// <summary>The tasks a running unit holds, by index; null when it cannot say (not taken in yet, or its silo is going).</summary>
    private async Task<Dictionary<int, LiveTask>?> LiveTasksOf(int unit)
    {
        try
        {
            var live = await _readLive(unit);
            return live.Length == 0 ? null : live.ToDictionary(task => task.Index);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return null; // a listing does not fail for want of a running unit's word
        }
    }

    /// <summary>The first task of the next in-flight unit after <paramref name="unit"/>, or the end when there is none.</summary>
    private int NextInFlightStart(int unit)
    {
        var next = _view.InFlight.Where(u => u > unit).DefaultIfEmpty(-1).Min();
        return next < 0 ? _view.Total : next * _view.UnitSize;
    }

    /// <param name="unit">The unit to read.</param>
    /// <param name="skip">Where in the unit to start.</param>
    /// <param name="unitsRead">Pages this listing has read, this one included.</param>
    /// <param name="tasksWanted">How many more tasks the page can use (reads ahead no further than that).</param>
    private Task<TaskRecord[]> PageOf(int unit, int skip, int unitsRead, int tasksWanted)
    {
        if (skip > 0)
        {
            return _readPage(unit, skip, Share(1));
        }

        // Read the next few finished units at the same time (a page usually needs them), each within its share of
        // the budget; a unit's page is let go once it is used.
        var unitsWanted = (int)Math.Min(Prefetch, ((long)tasksWanted + _view.UnitSize - 1) / _view.UnitSize);
        for (int next = unit, started = 0; next < _view.UnitsWithRecords && started < unitsWanted && unitsRead + started <= MaxUnitsRead; next++)
        {
            if (_view.InFlight.Contains(next))
            {
                continue;
            }

            if (!_firstPages.ContainsKey(next))
            {
                _firstPages[next] = _readPage(next, 0, Share(Math.Max(1, unitsWanted)));
            }

            started++;
        }

        _firstPages.Remove(unit, out var page);
        return page!;
    }

    /// <summary>What one of <paramref name="reads"/> reads may weigh: its part of what is left of the budget (a read returns at least one record all the same).</summary>
    private int Share(int reads) => (int)Math.Max(1, (BudgetBytes - _spent) / reads);

    private TaskEntry Entry(TaskRecord record, TaskPhase phase) => new()
    {
        Index = record.Index,
        Handler = HandlerOf(record.Index),
        Phase = phase,
        Attempts = record.Attempts,
        Result = record.Result,
        Error = record.Error,
        QueuedAt = record.QueuedAt,
        StartedAt = record.StartedAt,
        FinishedAt = record.FinishedAt,
        Heartbeat = record.Heartbeat,
        HeartbeatAt = record.HeartbeatAt,
    };

    private string HandlerOf(int index) => _spec.Tasks is { } tasks ? tasks[index].Handler : _spec.Map!.Handler;

    private static TaskPhase PhaseOf(TaskOutcome state) => state switch
    {
        TaskOutcome.Succeeded => TaskPhase.Succeeded,
        TaskOutcome.Failed => TaskPhase.Failed,
        _ => TaskPhase.Cancelled,
    };
}
