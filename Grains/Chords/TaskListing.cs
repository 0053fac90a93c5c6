namespace Chord.Grains.Chords;

/// <summary>
/// Pages through a chord's tasks without touching more than a page's worth of them. Where a task is follows from
/// the chord's O(window) state: units from <see cref="ChordState.NextUnit"/> on were never sent (pending, or
/// cancelled once the tasks settled), units in flight are running, and the others hold their records in their
/// task grain (or in the chord's memory, where it still has them). A filtered page reads at most
/// <see cref="MaxUnitsRead"/> recorded units, then says where to go on.
/// </summary>
public sealed class TaskListing
{
    /// <summary>Recorded units one page may read; this bounds a page's cost whatever the chord's size.</summary>
    public const int MaxUnitsRead = 64;

    /// <summary>The largest page a caller may ask for.</summary>
    public const int MaxLimit = 10_000;

    private const int Prefetch = 16;

    private readonly ChordSpec _spec;
    private readonly int _total;
    private readonly int _unitSize;
    private readonly int _nextUnit;
    private readonly bool _settled;
    private readonly HashSet<int> _inFlight;
    private readonly Func<int, Task<TaskRecord[]>> _readUnit;
    private readonly Dictionary<int, Task<TaskRecord[]>> _reads = [];

    /// <param name="spec">The chord's spec (for the handler names).</param>
    /// <param name="state">The chord's state; what the listing needs is copied at once.</param>
    /// <param name="readUnit">Reads one finished unit's records.</param>
    public TaskListing(ChordSpec spec, ChordState state, Func<int, Task<TaskRecord[]>> readUnit)
    {
        _spec = spec;
        _total = state.Total;
        _unitSize = state.UnitSize;
        _nextUnit = state.NextUnit;
        _settled = state.TasksFinishedAt is not null;
        _inFlight = [.. state.InFlight];
        _readUnit = readUnit;
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
        var items = new List<TaskEntry>(Math.Min(query.Limit, 1024));
        var index = Math.Max(query.Offset, 0);
        var unitsRead = 0;
        while (items.Count < query.Limit && index < _total)
        {
            var unit = index / _unitSize;
            var unitEnd = Math.Min((unit + 1) * _unitSize, _total);
            if (unit >= _nextUnit || _inFlight.Contains(unit))
            {
                var phase = unit >= _nextUnit ? (_settled ? TaskPhase.Cancelled : TaskPhase.Pending) : TaskPhase.Running;
                if (query.Phase is null || query.Phase == phase)
                {
                    for (; index < unitEnd && items.Count < query.Limit; index++)
                    {
                        items.Add(new TaskEntry { Index = index, Handler = HandlerOf(index), Phase = phase });
                    }
                }
                else
                {
                    // Every unit after NextUnit is alike: none of them can match.
                    index = unit >= _nextUnit ? _total : unitEnd;
                }

                continue;
            }

            if (unitsRead == MaxUnitsRead)
            {
                break;
            }

            unitsRead++;
            var records = await RecordsOf(unit, unitsRead);
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

                var phase = PhaseOf(record.State);
                if (query.Phase is null || query.Phase == phase)
                {
                    items.Add(Entry(record, phase));
                }

                index = record.Index + 1;
            }

            if (items.Count < query.Limit || index == unitEnd)
            {
                index = unitEnd;
            }
        }

        return (items, index < _total ? index : null);
    }

    private Task<TaskRecord[]> RecordsOf(int unit, int unitsRead)
    {
        // Read the next few finished units at the same time: a page usually needs them.
        for (int next = unit, started = 0; next < _nextUnit && started < Prefetch && unitsRead + started <= MaxUnitsRead; next++)
        {
            if (_inFlight.Contains(next))
            {
                continue;
            }

            if (!_reads.ContainsKey(next))
            {
                _reads[next] = _readUnit(next);
            }

            started++;
        }

        return _reads[unit];
    }

    private TaskEntry Entry(TaskRecord record, TaskPhase phase) => new()
    {
        Index = record.Index,
        Handler = HandlerOf(record.Index),
        Phase = phase,
        Attempts = record.Attempts,
        Result = record.Result,
        Error = record.Error,
        StartedAt = record.StartedAt,
        FinishedAt = record.FinishedAt,
    };

    private string HandlerOf(int index) => _spec.Tasks is { } tasks ? tasks[index].Handler : _spec.Map!.Handler;

    private static TaskPhase PhaseOf(TaskState state) => state switch
    {
        TaskState.Succeeded => TaskPhase.Succeeded,
        TaskState.Failed => TaskPhase.Failed,
        _ => TaskPhase.Cancelled,
    };
}
